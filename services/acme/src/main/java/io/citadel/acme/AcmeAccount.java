package io.citadel.acme;

import io.citadel.core.crypto.pki.Jws;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An ACME account (RFC 8555 section 7.1.2): its current public key (JWK members), that key's thumbprint (the
 * index that finds the account by key), contacts and status.
 *
 * @param externalAccountKeyId the External Account Binding key it was created with, or null
 */
public record AcmeAccount(String id, String directory, Map<String, String> jwk, String thumbprint, Status status,
                          List<String> contact, boolean termsOfServiceAgreed, String externalAccountKeyId, Instant createdAt) {

    public enum Status { valid, deactivated, revoked }

    public AcmeAccount {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(directory, "directory");
        jwk = Map.copyOf(jwk);
        Objects.requireNonNull(thumbprint, "thumbprint");
        Objects.requireNonNull(status, "status");
        contact = contact == null ? List.of() : List.copyOf(contact);
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public Jws.PublicJwk key() {
        return new Jws.PublicJwk(jwk);
    }

    AcmeAccount withContact(List<String> newContact) {
        return new AcmeAccount(id, directory, jwk, thumbprint, status, newContact, termsOfServiceAgreed, externalAccountKeyId, createdAt);
    }

    AcmeAccount withStatus(Status newStatus) {
        return new AcmeAccount(id, directory, jwk, thumbprint, newStatus, contact, termsOfServiceAgreed, externalAccountKeyId, createdAt);
    }

    AcmeAccount withKey(Jws.PublicJwk key) {
        return new AcmeAccount(id, directory, key.members(), key.thumbprint(), status, contact, termsOfServiceAgreed,
                externalAccountKeyId, createdAt);
    }
}
