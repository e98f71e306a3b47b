package io.citadel.acme;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An order (RFC 8555 section 7.1.3) as stored. Only the phases after finalize are stored ({@code processing},
 * {@code valid}, {@code invalid} when issuing failed); before that {@code status} is {@code pending} and the
 * status clients see is derived from the authorizations and the expiry by {@link AcmeOrders}.
 */
public record AcmeOrder(String id, String accountId, Status status, List<Identifier> identifiers, List<String> authorizationIds,
                        Instant expires, AcmeProblem.StoredError error, String certificateId, Instant createdAt) {

    public enum Status { pending, ready, processing, valid, invalid }

    public AcmeOrder {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(status, "status");
        identifiers = List.copyOf(identifiers);
        authorizationIds = List.copyOf(authorizationIds);
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    AcmeOrder with(Status newStatus, AcmeProblem.StoredError newError, String newCertificateId) {
        return new AcmeOrder(id, accountId, newStatus, identifiers, authorizationIds, expires, newError, newCertificateId, createdAt);
    }
}
