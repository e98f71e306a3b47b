package io.citadel.secrets.rotation;

import java.util.Optional;

/**
 * Finds the rotation function a secret's RotationLambdaARN names: a built-in database rotator
 * (by the function name of AWS's rotation template, e.g. {@code SecretsManagerRDSPostgreSQLRotationSingleUser})
 * or a webhook an operator registered in that account and region.
 */
public interface RotationFunctionResolver {

    Optional<RotationFunction> find(String account, String region, String rotationLambdaArn);
}
