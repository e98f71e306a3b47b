package io.citadel.protocol.sigv4;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * What a request claims about its signature, taken from the Authorization header or from the
 * presigned query parameters, already checked for shape (but not yet for time or validity).
 *
 * @param credential    the whole Credential value {@code AKID/yyyymmdd/region/service/aws4_request}
 * @param amzDate       the request time in ISO 8601 basic format, as it enters the string to sign
 * @param epochSecond   {@code amzDate} as seconds since the epoch
 * @param expires       X-Amz-Expires in seconds for presigned requests, 0 for header authentication
 */
record SignatureParameters(
        String credential,
        String accessKeyId,
        String region,
        String service,
        String signedHeaders,
        String signature,
        String amzDate,
        long epochSecond,
        boolean presigned,
        long expires) {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final String TERMINATOR = "aws4_request";
    static final long MAX_EXPIRES = 604_800;

    private static final DateTimeFormatter BASIC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** Parses {@code AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...}, tolerating spacing variants. */
    static SignatureParameters fromHeader(String authorization, String xAmzDate, String date) {
        int n = authorization.length();
        int i = skipSpace(authorization, 0);
        int algEnd = i;
        while (algEnd < n && !isSpace(authorization.charAt(algEnd)) && authorization.charAt(algEnd) != ',') {
            algEnd++;
        }
        if (!authorization.regionMatches(i, ALGORITHM, 0, ALGORITHM.length()) || algEnd - i != ALGORITHM.length()) {
            throw new AuthenticationException(AuthFailure.INCOMPLETE_SIGNATURE,
                    "The authorization mechanism you have provided is not supported. Please use " + ALGORITHM + ".");
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        int pos = algEnd;
        while (pos < n) {
            int start = skipSpace(authorization, pos);
            int end = authorization.indexOf(',', start);
            if (end < 0) {
                end = n;
            }
            int eq = authorization.indexOf('=', start);
            if (eq > 0 && eq < end) {
                int keyEnd = eq;
                while (keyEnd > start && isSpace(authorization.charAt(keyEnd - 1))) {
                    keyEnd--;
                }
                int valueStart = skipSpace(authorization, eq + 1);
                int valueEnd = end;
                while (valueEnd > valueStart && isSpace(authorization.charAt(valueEnd - 1))) {
                    valueEnd--;
                }
                int keyLen = keyEnd - start;
                if (credential == null && keyLen == 10 && authorization.startsWith("Credential", start)) {
                    credential = authorization.substring(valueStart, valueEnd);
                } else if (signedHeaders == null && keyLen == 13 && authorization.startsWith("SignedHeaders", start)) {
                    signedHeaders = authorization.substring(valueStart, valueEnd);
                } else if (signature == null && keyLen == 9 && authorization.startsWith("Signature", start)) {
                    signature = authorization.substring(valueStart, valueEnd);
                }
            }
            pos = end + 1;
        }
        String amzDate = xAmzDate != null ? xAmzDate.trim() : date != null ? fromHttpDate(date.trim()) : null;
        if (credential == null || signature == null || signedHeaders == null || amzDate == null) {
            StringBuilder message = new StringBuilder(160 + n);
            if (credential == null) {
                message.append("Authorization header requires 'Credential' parameter. ");
            }
            if (signature == null) {
                message.append("Authorization header requires 'Signature' parameter. ");
            }
            if (signedHeaders == null) {
                message.append("Authorization header requires 'SignedHeaders' parameter. ");
            }
            if (amzDate == null) {
                message.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
            }
            message.append("Authorization=").append(clip(authorization));
            throw new AuthenticationException(AuthFailure.INCOMPLETE_SIGNATURE, message.toString());
        }
        return build(credential, signedHeaders, signature, amzDate, false, 0);
    }

    /** Reads X-Amz-Algorithm, -Credential, -Date, -Expires, -SignedHeaders and -Signature from the query. */
    static SignatureParameters fromQuery(QueryParameters query) {
        String algorithm = query.decoded("X-Amz-Algorithm");
        String credential = query.decoded("X-Amz-Credential");
        String amzDate = query.decoded("X-Amz-Date");
        String expires = query.decoded("X-Amz-Expires");
        String signedHeaders = query.decoded("X-Amz-SignedHeaders");
        String signature = query.decoded(QueryParameters.SIGNATURE);
        if (algorithm == null || credential == null || amzDate == null || expires == null
                || signedHeaders == null || signature == null) {
            throw new AuthenticationException(AuthFailure.INCOMPLETE_SIGNATURE,
                    "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, "
                            + "X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
        }
        if (!ALGORITHM.equals(algorithm)) {
            throw new AuthenticationException(AuthFailure.INCOMPLETE_SIGNATURE,
                    "X-Amz-Algorithm only supports \"" + ALGORITHM + "\"");
        }
        long expiresSeconds = parseExpires(expires);
        return build(credential, signedHeaders, signature, amzDate, true, expiresSeconds);
    }

    private static long parseExpires(String expires) {
        long value = 0;
        int n = expires.length();
        boolean valid = n > 0 && n <= 10;
        for (int i = 0; valid && i < n; i++) {
            char c = expires.charAt(i);
            valid = c >= '0' && c <= '9';
            value = value * 10 + (c - '0');
        }
        if (!valid) {
            throw new AuthenticationException(AuthFailure.INCOMPLETE_SIGNATURE,
                    "X-Amz-Expires should be a number");
        }
        if (value < 1) {
            throw new AuthenticationException(AuthFailure.INCOMPLETE_SIGNATURE,
                    "X-Amz-Expires must be non-negative");
        }
        if (value > MAX_EXPIRES) {
            throw new AuthenticationException(AuthFailure.INCOMPLETE_SIGNATURE,
                    "X-Amz-Expires must be less than a week (in seconds) that is 604800");
        }
        return value;
    }

    private static SignatureParameters build(String credential, String signedHeaders, String signature,
                                             String amzDate, boolean presigned, long expires) {
        int s1 = credential.indexOf('/');
        int s2 = s1 < 0 ? -1 : credential.indexOf('/', s1 + 1);
        int s3 = s2 < 0 ? -1 : credential.indexOf('/', s2 + 1);
        int s4 = s3 < 0 ? -1 : credential.indexOf('/', s3 + 1);
        if (s4 < 0 || credential.indexOf('/', s4 + 1) >= 0) {
            throw new AuthenticationException(AuthFailure.INCOMPLETE_SIGNATURE,
                    "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '"
                            + clip(credential) + "'");
        }
        long epochSecond = parseAmzDate(amzDate);
        if (credential.length() - s4 - 1 != TERMINATOR.length() || !credential.startsWith(TERMINATOR, s4 + 1)) {
            throw new AuthenticationException(AuthFailure.SIGNATURE_MISMATCH,
                    "Credential should be scoped with a valid terminator: '" + TERMINATOR + "', not '"
                            + clip(credential.substring(s4 + 1)) + "'.");
        }
        if (s2 - s1 - 1 != 8 || !credential.regionMatches(s1 + 1, amzDate, 0, 8)) {
            throw new AuthenticationException(AuthFailure.SIGNATURE_MISMATCH,
                    "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                            + clip(credential.substring(s1 + 1, s2)) + "' != '" + amzDate.substring(0, 8)
                            + "', from '" + amzDate + "'.");
        }
        String region = credential.substring(s2 + 1, s3);
        if (!isScopeName(region)) {
            throw new AuthenticationException(AuthFailure.SIGNATURE_MISMATCH,
                    "Credential should be scoped to a valid region, not '" + clip(region) + "'. ");
        }
        String service = credential.substring(s3 + 1, s4);
        if (!isScopeName(service)) {
            throw new AuthenticationException(AuthFailure.SIGNATURE_MISMATCH,
                    "Credential should be scoped to correct service: '" + clip(service) + "'. ");
        }
        if (!signsHost(signedHeaders)) {
            throw new AuthenticationException(AuthFailure.INCOMPLETE_SIGNATURE,
                    "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        return new SignatureParameters(credential, credential.substring(0, s1), region, service, signedHeaders,
                signature, amzDate, epochSecond, presigned, expires);
    }

    /** Regions and services become storage namespaces: lower-case letters, digits and '-' only. */
    private static boolean isScopeName(String s) {
        int n = s.length();
        if (n == 0 || n > 64) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean signsHost(String signedHeaders) {
        int n = signedHeaders.length();
        int start = 0;
        while (start <= n) {
            int end = signedHeaders.indexOf(';', start);
            if (end < 0) {
                end = n;
            }
            if (end - start == 4 && signedHeaders.regionMatches(true, start, "host", 0, 4)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    /** Parses {@code yyyyMMdd'T'HHmmss'Z'} without regex or formatter; INCOMPLETE_SIGNATURE when malformed. */
    static long parseAmzDate(String s) {
        if (s.length() == 16 && s.charAt(8) == 'T' && s.charAt(15) == 'Z') {
            int year = digits(s, 0, 4);
            int month = digits(s, 4, 6);
            int day = digits(s, 6, 8);
            int hour = digits(s, 9, 11);
            int minute = digits(s, 11, 13);
            int second = digits(s, 13, 15);
            if (year >= 0 && month >= 0 && day >= 0 && hour >= 0 && minute >= 0 && second >= 0) {
                try {
                    return LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(ZoneOffset.UTC);
                } catch (DateTimeException e) {
                    // falls through to the AWS message
                }
            }
        }
        throw new AuthenticationException(AuthFailure.INCOMPLETE_SIGNATURE,
                "Date must be in ISO-8601 'basic format'. Got '" + clip(s) + "'. See http://en.wikipedia.org/wiki/ISO_8601");
    }

    static String formatAmzDate(long epochSecond) {
        return BASIC.format(Instant.ofEpochSecond(epochSecond));
    }

    /** An RFC 1123 Date header converted to the basic format the string to sign uses. */
    private static String fromHttpDate(String date) {
        try {
            ZonedDateTime parsed = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME);
            return BASIC.format(parsed.toInstant());
        } catch (DateTimeException e) {
            throw new AuthenticationException(AuthFailure.INCOMPLETE_SIGNATURE,
                    "Date must be in ISO-8601 'basic format'. Got '" + clip(date) + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int skipSpace(String s, int i) {
        int n = s.length();
        while (i < n && isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    /** Echoed client input is bounded so an error message cannot be used to amplify a request. */
    static String clip(String s) {
        return s.length() <= 256 ? s : s.substring(0, 256) + "...";
    }
}
