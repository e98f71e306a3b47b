package io.citadel.protocol.sigv4;

/**
 * Why SigV4 authentication failed. Each protocol renders a failure with its own AWS error code
 * (json 1.1: UnrecognizedClientException, InvalidSignatureException, ...; query:
 * InvalidClientTokenId, SignatureDoesNotMatch, ...).
 */
public enum AuthFailure {
    /** No Authorization header and no X-Amz-Signature query parameter. */
    MISSING_AUTHENTICATION,
    /** Authorization header or presigned parameters present but not parseable (bad algorithm, missing parts). */
    INCOMPLETE_SIGNATURE,
    /** The access key id is unknown or inactive. */
    UNKNOWN_ACCESS_KEY,
    /** The computed signature differs from the one sent. */
    SIGNATURE_MISMATCH,
    /** The request time is more than 15 minutes away from the server's clock. */
    REQUEST_TIME_SKEWED,
    /** A presigned URL whose X-Amz-Expires has passed. */
    PRESIGNED_URL_EXPIRED
}
