package io.citadel.kms;

import io.citadel.core.policy.PolicyDocument;
import io.citadel.core.policy.PolicyKind;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parsed key policies by their text, so a hot key's policy is parsed once. A policy's text is its
 * identity, so entries never go stale; the cache is bounded (least recently used out).
 */
final class PolicyCache {

    private static final int MAX_ENTRIES = 10_000;

    private final Map<String, PolicyDocument> parsed = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PolicyDocument> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    synchronized PolicyDocument get(String policy) {
        PolicyDocument document = parsed.get(policy);
        if (document == null) {
            document = PolicyDocument.parse(policy, PolicyKind.RESOURCE);
            parsed.put(policy, document);
        }
        return document;
    }
}
