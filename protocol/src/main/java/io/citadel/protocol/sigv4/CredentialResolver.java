package io.citadel.protocol.sigv4;

import java.util.Optional;

/** Looks up the credential behind an access key id. The identity service implements it. */
@FunctionalInterface
public interface CredentialResolver {

    Optional<SigningCredential> resolve(String accessKeyId);
}
