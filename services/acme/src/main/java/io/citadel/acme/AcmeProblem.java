package io.citadel.acme;

import java.util.List;
import java.util.Objects;

/**
 * An RFC 8555 problem (section 6.7): the error type, its HTTP status and a detail that names the rule and the
 * value. Thrown by the ACME service and turned into an application/problem+json document by the api package.
 */
public final class AcmeProblem extends RuntimeException {

    /** The urn:ietf:params:acme:error:* types this server produces, each with the status it is answered with. */
    public enum Type {
        ACCOUNT_DOES_NOT_EXIST("accountDoesNotExist", 400),
        ALREADY_REVOKED("alreadyRevoked", 400),
        BAD_CSR("badCSR", 400),
        BAD_NONCE("badNonce", 400),
        BAD_PUBLIC_KEY("badPublicKey", 400),
        BAD_REVOCATION_REASON("badRevocationReason", 400),
        BAD_SIGNATURE_ALGORITHM("badSignatureAlgorithm", 400),
        CONNECTION("connection", 400),
        DNS("dns", 400),
        EXTERNAL_ACCOUNT_REQUIRED("externalAccountRequired", 400),
        INCORRECT_RESPONSE("incorrectResponse", 400),
        INVALID_CONTACT("invalidContact", 400),
        MALFORMED("malformed", 400),
        ORDER_NOT_READY("orderNotReady", 403),
        REJECTED_IDENTIFIER("rejectedIdentifier", 400),
        SERVER_INTERNAL("serverInternal", 500),
        UNAUTHORIZED("unauthorized", 403),
        UNSUPPORTED_CONTACT("unsupportedContact", 400),
        UNSUPPORTED_IDENTIFIER("unsupportedIdentifier", 400),
        /** Not an RFC type: a resource that does not exist (or is not the caller's) answers 404 with "malformed". */
        NOT_FOUND("malformed", 404),
        /** A JWS whose Content-Type is not application/jose+json (RFC 8555 section 6.2). */
        UNSUPPORTED_MEDIA_TYPE("malformed", 415),
        /** keyChange to a key another account already uses (section 7.3.5); answered with the account's Location. */
        CONFLICT("malformed", 409),
        METHOD_NOT_ALLOWED("malformed", 405);

        public static final String PREFIX = "urn:ietf:params:acme:error:";

        private final String name;
        private final int status;

        Type(String name, int status) {
            this.name = name;
            this.status = status;
        }

        /** The full type URN, e.g. {@code urn:ietf:params:acme:error:badNonce}. */
        public String urn() {
            return PREFIX + name;
        }

        public int status() {
            return status;
        }
    }

    /** One subproblem of a compound error (section 6.7.1), about one identifier. */
    public record Subproblem(Type type, String detail, Identifier identifier) {
        public Subproblem {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(detail, "detail");
        }
    }

    private final Type type;
    private final List<Subproblem> subproblems;
    /** For {@link Type#CONFLICT}: the URL of the account that holds the key. */
    private final String location;

    public AcmeProblem(Type type, String detail) {
        this(type, detail, List.of(), null);
    }

    public AcmeProblem(Type type, String detail, List<Subproblem> subproblems, String location) {
        super(Objects.requireNonNull(detail, "detail"), null, false, false);
        this.type = Objects.requireNonNull(type, "type");
        this.subproblems = List.copyOf(subproblems);
        this.location = location;
    }

    public Type type() {
        return type;
    }

    public String detail() {
        return getMessage();
    }

    public List<Subproblem> subproblems() {
        return subproblems;
    }

    public String location() {
        return location;
    }

    /** What is stored in a challenge, authorization or order that failed: the type URN and the detail. */
    public StoredError stored() {
        return new StoredError(type.urn(), detail(), type.status());
    }

    /** A problem as it is kept in storage (a failed challenge's error). */
    public record StoredError(String type, String detail, int status) {
    }
}
