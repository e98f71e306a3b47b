package io.citadel.secrets.rotation;

/**
 * A rotation function: what a rotation Lambda is in AWS. Secrets Manager calls it once per
 * {@link RotationStep} with the secret's id and the rotation's client request token (the version
 * id of the AWSPENDING version being created); the function does the step's work through
 * {@link RotationSecrets}, exactly as a Lambda does through the Secrets Manager API.
 *
 * <p>A function must be safe to call again for a step that already ran (AWS retries steps): each
 * step checks what is already done and does only the rest.
 */
public interface RotationFunction {

    /** Runs one step; returns normally on success and throws {@link RotationException} on failure. */
    void run(RotationStep step, String secretId, String clientRequestToken, RotationSecrets secrets) throws RotationException;
}
