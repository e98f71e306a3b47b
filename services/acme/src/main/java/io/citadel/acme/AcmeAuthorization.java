package io.citadel.acme;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An authorization (RFC 8555 section 7.1.4) with its challenges. Its status follows its challenges: valid when one
 * is, invalid when one fails; {@code expired} is derived on read once {@code expires} has passed.
 *
 * @param identifier the identifier as ordered (a wildcard keeps its "*."; clients see the base name and {@code wildcard: true})
 */
public record AcmeAuthorization(String id, String accountId, String orderId, Identifier identifier, Status status,
                                Instant expires, List<Challenge> challenges) {

    public enum Status { pending, valid, invalid, deactivated, expired, revoked }

    /** One challenge: type http-01, dns-01 or tls-alpn-01, its token, and its own state machine pending → processing → valid | invalid. */
    public record Challenge(String id, String type, String token, ChallengeStatus status, Instant validated,
                            AcmeProblem.StoredError error) {
        public Challenge {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(status, "status");
        }
    }

    public enum ChallengeStatus { pending, processing, valid, invalid }

    public static final String HTTP_01 = "http-01";
    public static final String DNS_01 = "dns-01";
    public static final String TLS_ALPN_01 = "tls-alpn-01";

    public AcmeAuthorization {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(expires, "expires");
        challenges = List.copyOf(challenges);
    }

    public Optional<Challenge> challenge(String challengeId) {
        return challenges.stream().filter(c -> c.id().equals(challengeId)).findFirst();
    }

    /** The status clients see at {@code now}: a pending or valid authorization past its expiry is expired. */
    public Status statusAt(Instant now) {
        if ((status == Status.pending || status == Status.valid) && !now.isBefore(expires)) {
            return Status.expired;
        }
        return status;
    }

    AcmeAuthorization withChallenge(Challenge updated, Status newStatus, Instant newExpires) {
        List<Challenge> out = new ArrayList<>();
        for (Challenge c : challenges) {
            out.add(c.id().equals(updated.id()) ? updated : c);
        }
        return new AcmeAuthorization(id, accountId, orderId, identifier, newStatus, newExpires, out);
    }

    AcmeAuthorization withStatus(Status newStatus) {
        return new AcmeAuthorization(id, accountId, orderId, identifier, newStatus, expires, challenges);
    }
}
