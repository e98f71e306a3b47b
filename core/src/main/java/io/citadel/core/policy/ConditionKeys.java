package io.citadel.core.policy;

/**
 * A service's contribution of its own condition keys ({@code kms:ViaService},
 * {@code kms:EncryptionContext:*}, ...) to a request being authorized. Services may equally call
 * {@link AuthorizationRequest.Builder#put} directly; this is for keys computed in one place.
 */
@FunctionalInterface
public interface ConditionKeys {

    void addTo(AuthorizationRequest.Builder request);
}
