package io.citadel.acm;

import io.citadel.core.RequestContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** AddTagsToCertificate, RemoveTagsFromCertificate and ListTagsForCertificate: at most 50 tags, keys not beginning "aws:". */
public final class CertificateTags {

    static final int MAX_TAGS = 50;

    /** One tag to remove: a key alone removes the tag whatever its value; with a value, only when it matches. */
    public record Removal(String key, String value) {
    }

    private final AcmEnvironment env;

    CertificateTags(AcmEnvironment env) {
        this.env = env;
    }

    /** Checks tags given on a request; null stays empty. */
    static Map<String, String> check(Map<String, String> tags) {
        Map<String, String> out = new LinkedHashMap<>();
        if (tags == null) {
            return out;
        }
        for (var e : tags.entrySet()) {
            if (e.getKey().regionMatches(true, 0, "aws:", 0, 4)) {
                throw AcmErrors.error(AcmErrors.INVALID_TAG, "Tag key " + e.getKey() + ": the prefix aws: is reserved for AWS use");
            }
            out.put(e.getKey(), e.getValue() == null ? "" : e.getValue());
        }
        if (out.size() > MAX_TAGS) {
            throw AcmErrors.error(AcmErrors.TOO_MANY_TAGS, "tags: " + out.size() + " (expected: at most " + MAX_TAGS + " per certificate)");
        }
        return out;
    }

    public void add(RequestContext ctx, String arn, Map<String, String> tags) {
        Map<String, String> checked = check(tags);
        StoredCertificate c = env.find(ctx, arn);
        env.require(ctx, "AddTagsToCertificate", c);
        env.storage.transaction(tx -> {
            StoredCertificate fresh = CertificateRepository.find(tx, c.account(), c.region(), c.id()).orElseThrow(() -> AcmErrors.notFound(arn));
            Map<String, String> merged = new LinkedHashMap<>(fresh.tags());
            merged.putAll(checked);
            if (merged.size() > MAX_TAGS) {
                throw AcmErrors.error(AcmErrors.TOO_MANY_TAGS, "tags: " + merged.size() + " after adding (expected: at most " + MAX_TAGS
                        + " per certificate)");
            }
            CertificateRepository.put(tx, fresh.withTags(merged));
            return null;
        });
    }

    public void remove(RequestContext ctx, String arn, List<Removal> removals) {
        for (Removal r : removals) {
            if (r.key().regionMatches(true, 0, "aws:", 0, 4)) {
                throw AcmErrors.error(AcmErrors.INVALID_TAG, "Tag key " + r.key() + ": the prefix aws: is reserved for AWS use");
            }
        }
        StoredCertificate c = env.find(ctx, arn);
        env.require(ctx, "RemoveTagsFromCertificate", c);
        env.storage.transaction(tx -> {
            StoredCertificate fresh = CertificateRepository.find(tx, c.account(), c.region(), c.id()).orElseThrow(() -> AcmErrors.notFound(arn));
            Map<String, String> left = new LinkedHashMap<>(fresh.tags());
            for (Removal r : removals) {
                if (r.value() == null || r.value().equals(left.get(r.key()))) {
                    left.remove(r.key());
                }
            }
            CertificateRepository.put(tx, fresh.withTags(left));
            return null;
        });
    }

    public Map<String, String> list(RequestContext ctx, String arn) {
        StoredCertificate c = env.find(ctx, arn);
        env.require(ctx, "ListTagsForCertificate", c);
        return c.tags();
    }
}
