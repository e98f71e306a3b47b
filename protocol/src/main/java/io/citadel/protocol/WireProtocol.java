package io.citadel.protocol;

import java.util.Objects;

/** The AWS wire protocol a service speaks, with what its codec needs to know about the service. */
public sealed interface WireProtocol {

    /** awsJson1_1 (and 1_0): POST /, {@code X-Amz-Target: <targetPrefix>.<Operation>}. */
    record Json(String targetPrefix, String jsonVersion) implements WireProtocol {
        public Json {
            Objects.requireNonNull(targetPrefix, "targetPrefix");
            if (!jsonVersion.equals("1.0") && !jsonVersion.equals("1.1")) {
                throw new IllegalArgumentException("jsonVersion: " + jsonVersion + " (expected: 1.0 or 1.1)");
            }
        }
    }

    /** AWS query: form-encoded {@code Action=...&Version=...}, XML responses in {@code xmlNamespace}. */
    record Query(String apiVersion, String xmlNamespace) implements WireProtocol {
        public Query {
            Objects.requireNonNull(apiVersion, "apiVersion");
            Objects.requireNonNull(xmlNamespace, "xmlNamespace");
        }
    }
}
