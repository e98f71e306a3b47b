package io.citadel.protocol.sigv4;

import io.citadel.core.crypto.Hashes;
import io.citadel.protocol.WireRequest;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies AWS Signature Version 4 on a request, signed either in the Authorization header or as
 * a presigned URL, and says who signed it.
 *
 * <p>The canonical request is rebuilt from the wire form the way AWS does for every service but
 * S3: the received path is normalized and percent-encoded once more (so segments end up encoded
 * twice), query names and values are decoded and re-encoded with only RFC 3986 unreserved
 * characters bare, and headers are those listed in SignedHeaders with their values trimmed and
 * inner whitespace collapsed. Time is checked before the resolver is asked, the resolver is asked
 * once, and the derived signing key for a scope is cached only after it verified a signature.
 * Failure messages follow AWS's wording and never contain a secret or the expected signature.
 * Thread-safe; one instance serves all requests.
 */
public final class SigV4Verifier {

    /** How far a header-signed request's time may be from the server clock, either way (AWS: 15 minutes). */
    public static final long MAX_SKEW_SECONDS = 15 * 60;

    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final int DEFAULT_CACHE_ENTRIES = 4096;

    private static final String MISSING_TOKEN = "Missing Authentication Token";
    private static final String UNKNOWN_KEY = "The security token included in the request is invalid.";
    private static final String MISMATCH = "The request signature we calculated does not match the signature you "
            + "provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    private final CredentialResolver resolver;
    private final InstantSource clock;
    private final SigningKeyCache keys;

    public SigV4Verifier(CredentialResolver resolver, InstantSource clock) {
        this(resolver, clock, DEFAULT_CACHE_ENTRIES);
    }

    SigV4Verifier(CredentialResolver resolver, InstantSource clock, int cacheEntries) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.keys = new SigningKeyCache(cacheEntries);
    }

    /**
     * Checks the request's signature.
     *
     * @return the signer and the region and service of the credential scope
     * @throws AuthenticationException with the reason when the request is not authentic
     */
    public Authenticated verify(WireRequest request) {
        QueryParameters query = QueryParameters.parse(request.rawQuery());
        SignatureParameters params = signatureParameters(request, query);
        checkTime(params);

        SigningCredential credential = resolve(params.accessKeyId());
        checkSessionToken(credential, request, query);
        byte[] provided = decodeHex(params.signature());

        StringBuilder canonical = new StringBuilder(384);
        canonical.append(request.method()).append('\n')
                .append(UriEncoding.canonicalUri(request.rawPath())).append('\n')
                .append(query.canonical(params.presigned())).append('\n');
        appendCanonicalHeaders(canonical, request, params.signedHeaders());
        canonical.append('\n').append(params.signedHeaders()).append('\n');
        int payloadStart = canonical.length();

        String contentSha256 = request.header("x-amz-content-sha256");
        String payloadHash = contentSha256 != null
                ? checkedContentSha256(contentSha256, request.body())
                : params.presigned() ? UNSIGNED_PAYLOAD : bodyHash(request.body());

        byte[] secretHash = SigningKeyCache.secretHash(credential.secretAccessKey());
        byte[] signingKey = keys.get(params.credential(), secretHash);
        boolean cached = signingKey != null;
        if (!cached) {
            signingKey = SigningKeyCache.derive(credential.secretAccessKey(),
                    params.amzDate().substring(0, 8), params.region(), params.service());
        }
        String scope = params.credential().substring(params.accessKeyId().length() + 1);

        boolean matches = provided != null && matches(provided, signingKey, params.amzDate(), scope,
                canonical.append(payloadHash));
        if (!matches && provided != null && contentSha256 == null && params.presigned()) {
            // Presigners for S3 sign UNSIGNED-PAYLOAD; botocore's generic presigner signs the body's hash.
            canonical.setLength(payloadStart);
            matches = matches(provided, signingKey, params.amzDate(), scope,
                    canonical.append(bodyHash(request.body())));
        }
        if (!matches) {
            throw new AuthenticationException(AuthFailure.SIGNATURE_MISMATCH, MISMATCH);
        }
        if (!cached) {
            keys.put(params.credential(), secretHash, signingKey);
        }
        return new Authenticated(credential.principal(), params.region(), params.service());
    }

    /** How many derived signing keys are cached; for tests of the cache's bounds. */
    int cachedSigningKeys() {
        return keys.size();
    }

    private static SignatureParameters signatureParameters(WireRequest request, QueryParameters query) {
        String authorization = request.header("authorization");
        if (authorization != null && !authorization.isBlank()) {
            return SignatureParameters.fromHeader(authorization, request.header("x-amz-date"), request.header("date"));
        }
        if (query.contains(QueryParameters.SIGNATURE) || query.contains("X-Amz-Algorithm")
                || query.contains("X-Amz-Credential")) {
            return SignatureParameters.fromQuery(query);
        }
        throw new AuthenticationException(AuthFailure.MISSING_AUTHENTICATION, MISSING_TOKEN);
    }

    private void checkTime(SignatureParameters params) {
        long now = clock.instant().getEpochSecond();
        long time = params.epochSecond();
        if (time > now + MAX_SKEW_SECONDS) {
            throw new AuthenticationException(AuthFailure.REQUEST_TIME_SKEWED,
                    "Signature not yet current: " + params.amzDate() + " is still later than "
                            + SignatureParameters.formatAmzDate(now + MAX_SKEW_SECONDS) + " ("
                            + SignatureParameters.formatAmzDate(now) + " + 15 min.)");
        }
        if (params.presigned()) {
            if (time + params.expires() < now) {
                throw new AuthenticationException(AuthFailure.PRESIGNED_URL_EXPIRED, "Request has expired");
            }
        } else if (time < now - MAX_SKEW_SECONDS) {
            throw new AuthenticationException(AuthFailure.REQUEST_TIME_SKEWED,
                    "Signature expired: " + params.amzDate() + " is now earlier than "
                            + SignatureParameters.formatAmzDate(now - MAX_SKEW_SECONDS) + " ("
                            + SignatureParameters.formatAmzDate(now) + " - 15 min.)");
        }
    }

    private SigningCredential resolve(String accessKeyId) {
        Optional<SigningCredential> found = accessKeyId.isEmpty() ? Optional.empty() : resolver.resolve(accessKeyId);
        if (found.isEmpty() || !found.get().active() || found.get().secretAccessKey() == null) {
            throw new AuthenticationException(AuthFailure.UNKNOWN_ACCESS_KEY, UNKNOWN_KEY);
        }
        return found.get();
    }

    /**
     * Temporary credentials are valid only with their session token (header, or the presigned
     * query's X-Amz-Security-Token), compared in constant time. Long-term keys ignore the parameter.
     */
    private static void checkSessionToken(SigningCredential credential, WireRequest request, QueryParameters query) {
        String expected = credential.sessionToken();
        if (expected == null) {
            return;
        }
        String sent = request.header("x-amz-security-token");
        if (sent == null) {
            sent = query.decoded("X-Amz-Security-Token");
        }
        if (sent == null || !Hashes.constantTimeEquals(Hashes.sha256(sent.getBytes(StandardCharsets.UTF_8)),
                Hashes.sha256(expected.getBytes(StandardCharsets.UTF_8)))) {
            throw new AuthenticationException(AuthFailure.UNKNOWN_ACCESS_KEY, UNKNOWN_KEY);
        }
    }

    private static boolean matches(byte[] provided, byte[] signingKey, String amzDate, String scope,
                                   StringBuilder canonicalRequest) {
        byte[] canonicalHash = Hashes.sha256(canonicalRequest.toString().getBytes(StandardCharsets.UTF_8));
        StringBuilder stringToSign = new StringBuilder(SignatureParameters.ALGORITHM.length() + 20 + scope.length() + 65);
        stringToSign.append(SignatureParameters.ALGORITHM).append('\n')
                .append(amzDate).append('\n')
                .append(scope).append('\n')
                .append(Hashes.hex(canonicalHash));
        byte[] expected = Hashes.hmacSha256(signingKey, stringToSign.toString().getBytes(StandardCharsets.UTF_8));
        return Hashes.constantTimeEquals(expected, provided);
    }

    /** Appends {@code name:value\n} for each signed header: values trimmed, whitespace runs collapsed, repeats joined by ','. */
    private static void appendCanonicalHeaders(StringBuilder sb, WireRequest request, String signedHeaders) {
        int n = signedHeaders.length();
        int start = 0;
        while (start <= n) {
            int end = signedHeaders.indexOf(';', start);
            if (end < 0) {
                end = n;
            }
            String name = signedHeaders.substring(start, end);
            List<String> values = request.headers().get(lowerCase(name));
            sb.append(name).append(':');
            if (values != null) {
                for (int i = 0, m = values.size(); i < m; i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    appendTrimmed(sb, values.get(i));
                }
            }
            sb.append('\n');
            start = end + 1;
        }
    }

    private static String lowerCase(String name) {
        for (int i = 0, n = name.length(); i < n; i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return name.toLowerCase(java.util.Locale.ROOT);
            }
        }
        return name;
    }

    static void appendTrimmed(StringBuilder sb, String value) {
        boolean pendingSpace = false;
        boolean any = false;
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b) {
                pendingSpace = any;
            } else {
                if (pendingSpace) {
                    sb.append(' ');
                    pendingSpace = false;
                }
                sb.append(c);
                any = true;
            }
        }
    }

    /** The x-amz-content-sha256 value enters the canonical request verbatim, so it must match the body it claims. */
    private static String checkedContentSha256(String claimed, byte[] body) {
        if (claimed.equals(UNSIGNED_PAYLOAD)) {
            return claimed;
        }
        byte[] claimedHash = decodeHex(claimed);
        if (claimedHash == null) {
            throw new AuthenticationException(AuthFailure.INCOMPLETE_SIGNATURE,
                    "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, or a valid sha256 value.");
        }
        if (!Hashes.constantTimeEquals(claimedHash, Hashes.sha256(body))) {
            throw new AuthenticationException(AuthFailure.SIGNATURE_MISMATCH,
                    "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        return claimed;
    }

    private static String bodyHash(byte[] body) {
        return body.length == 0 ? EMPTY_SHA256 : Hashes.hex(Hashes.sha256(body));
    }

    /** 64 hex digits (either case) to 32 bytes, or null. */
    private static byte[] decodeHex(String hex) {
        if (hex.length() != 64) {
            return null;
        }
        byte[] out = new byte[32];
        for (int i = 0; i < 32; i++) {
            int hi = UriEncoding.hexValue(hex.charAt(2 * i));
            int lo = UriEncoding.hexValue(hex.charAt(2 * i + 1));
            if (hi < 0 || lo < 0) {
                return null;
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }
}
