package io.citadel.events;

import java.time.Instant;
import java.util.List;

/**
 * A connection as stored: how to authorize calls to an API destination. Its secrets (API key value,
 * password, OAuth client secret, secret parameter values) exist only here, sealed by the storage
 * barrier like every value; no API answer and no log line carries them ({@link #toString()} omits them).
 */
public record ConnectionRecord(String name, String arn, String description, String authorizationType,
                               String apiKeyName, String apiKeyValue, String username, String password,
                               String clientId, String clientSecret, String authorizationEndpoint, String oauthHttpMethod,
                               HttpParams oauthParams, HttpParams invocationParams, String state,
                               Instant creationTime, Instant lastModifiedTime, Instant lastAuthorizedTime) {

    /** Extra headers, query string and body parameters; values marked secret are never returned. */
    public record HttpParams(List<Param> headers, List<Param> query, List<Param> body) {
        public HttpParams {
            headers = headers == null ? List.of() : List.copyOf(headers);
            query = query == null ? List.of() : List.copyOf(query);
            body = body == null ? List.of() : List.copyOf(body);
        }

        static final HttpParams NONE = new HttpParams(null, null, null);
    }

    public record Param(String key, String value, boolean secret) {
        @Override
        public String toString() {
            return "Param[key=" + key + (secret ? ", value=(secret)" : ", value=" + value) + "]";
        }
    }

    @Override
    public String toString() {
        return "ConnectionRecord[name=" + name + ", arn=" + arn + ", authorizationType=" + authorizationType + ", state=" + state + "]";
    }
}
