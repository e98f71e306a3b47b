package io.citadel.secrets;

import io.citadel.core.RequestContext;
import io.citadel.core.ServiceException;
import io.citadel.secrets.SecretCrypto.Plain;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * GetSecretValue, BatchGetSecretValue, DescribeSecret, ListSecrets and ListSecretVersionIds. Values
 * are decrypted through KMS as the caller after the storage read; LastAccessedDate is kept to the
 * day, as AWS keeps it, so reads write at most once a day per secret.
 */
public final class SecretReads {

    private final SecretEnvironment env;

    SecretReads(SecretEnvironment env) {
        this.env = env;
    }

    /** One version's value: exactly one of {@code secretString} and {@code secretBinary}. */
    public record Value(String arn, String name, String versionId, String secretString, byte[] secretBinary, List<String> stages,
                        Instant createdDate) {

        @Override
        public String toString() {
            return "Value[" + arn + ", " + versionId + "]";
        }
    }

    public Value get(RequestContext ctx, String secretId, String versionId, String stage) {
        StoredSecret secret = env.find(ctx, secretId);
        env.require(ctx, "GetSecretValue", secret, request -> {
            if (versionId != null) {
                request.put("secretsmanager:VersionId", versionId);
            }
            if (stage != null) {
                request.put("secretsmanager:VersionStage", stage);
            }
        });
        return value(ctx, secret, versionId, stage);
    }

    /** A value read with whatever authority was already established; KMS sees {@code ctx}. */
    Value value(RequestContext ctx, StoredSecret secret, String versionId, String stage) {
        SecretWrites.requireNotDeleted(secret);
        StoredSecret.VersionInfo info = pick(secret, versionId, stage);
        SecretVersion stored = SecretRepository.version(env.storage::get, secret.account(), secret.region(), secret.name(),
                info.versionId()).orElseThrow(SecretErrors::notFound);
        Plain plain = env.crypto.decrypt(ctx, secret.arn(), stored);
        noteAccess(secret, info);
        return new Value(secret.arn(), secret.name(), info.versionId(), plain.binary() ? null : plain.text(),
                plain.binary() ? plain.bytes() : null, info.stages(), info.createdDate());
    }

    static StoredSecret.VersionInfo pick(StoredSecret secret, String versionId, String stage) {
        if (versionId != null) {
            StoredSecret.VersionInfo info = secret.version(versionId).orElseThrow(() -> SecretErrors.error(SecretErrors.NOT_FOUND,
                    "Secrets Manager can't find the specified secret value for VersionId: " + versionId));
            if (stage != null && !info.stages().contains(stage)) {
                throw SecretErrors.error(SecretErrors.NOT_FOUND, "Secrets Manager can't find the specified secret value for VersionId: "
                        + versionId + " and staging label: " + stage);
            }
            return info;
        }
        String label = stage == null ? Staging.CURRENT : stage;
        return secret.withStage(label).orElseThrow(() -> SecretErrors.error(SecretErrors.NOT_FOUND,
                "Secrets Manager can't find the specified secret value for staging label: " + label));
    }

    private void noteAccess(StoredSecret secret, StoredSecret.VersionInfo info) {
        Instant day = env.now().truncatedTo(ChronoUnit.DAYS);
        if (day.equals(secret.lastAccessedDate()) && day.equals(info.lastAccessedDate())) {
            return;
        }
        env.storage.transaction(tx -> {
            SecretRepository.head(tx, secret.account(), secret.region(), secret.name()).filter(s -> s.arn().equals(secret.arn()))
                    .ifPresent(fresh -> {
                        StoredSecret.Builder b = fresh.edit();
                        b.lastAccessedDate = day;
                        b.versions = new ArrayList<>(b.versions.stream()
                                .map(v -> v.versionId().equals(info.versionId()) ? v.accessed(day) : v).toList());
                        SecretRepository.putHead(tx, b.build());
                    });
            return null;
        });
    }

    public record BatchError(String secretId, String errorCode, String message) {
    }

    public record Batch(List<Value> values, List<BatchError> errors, String nextToken) {
    }

    public Batch batchGet(RequestContext ctx, List<String> secretIds, List<SecretFilter> filters, Integer maxResults, String nextToken) {
        boolean hasIds = secretIds != null && !secretIds.isEmpty();
        boolean hasFilters = filters != null && !filters.isEmpty();
        if (hasIds == hasFilters) {
            throw SecretErrors.invalidParameter("Either SecretIdList or Filters must be provided, but not both.");
        }
        if (hasIds && maxResults != null) {
            throw SecretErrors.invalidParameter("MaxResults can be used only with Filters, not with SecretIdList.");
        }
        env.requireWithoutSecret(ctx, "BatchGetSecretValue", "*", null);
        List<String> ids;
        String next = null;
        if (hasIds) {
            if (secretIds.size() > 20) {
                throw SecretErrors.invalidParameter("SecretIdList: " + secretIds.size() + " ids (expected: 1..20)");
            }
            ids = secretIds;
        } else {
            Page<StoredSecret> page = list(ctx, false, maxResults == null ? 20 : maxResults, nextToken, filters, null, null);
            ids = page.items().stream().map(StoredSecret::arn).toList();
            next = page.nextToken();
        }
        List<Value> values = new ArrayList<>();
        List<BatchError> errors = new ArrayList<>();
        for (String id : ids) {
            try {
                values.add(get(ctx, id, null, null));
            } catch (ServiceException e) {
                errors.add(new BatchError(id, e.errorCode().code(), e.getMessage()));
            }
        }
        return new Batch(values, errors, next);
    }

    public StoredSecret describe(RequestContext ctx, String secretId) {
        StoredSecret secret = env.find(ctx, secretId);
        env.require(ctx, "DescribeSecret", secret, null);
        return secret;
    }

    public record Page<T>(List<T> items, String nextToken) {
    }

    /** One ListSecrets filter: values are prefixes (OR), a leading '!' negates one. */
    public record SecretFilter(String key, List<String> values) {
    }

    public Page<StoredSecret> list(RequestContext ctx, boolean includePlannedDeletion, Integer maxResults, String nextToken,
                                   List<SecretFilter> filters, String sortOrder, String sortBy) {
        env.requireWithoutSecret(ctx, "ListSecrets", "*", null);
        int limit = maxResults == null ? 100 : maxResults;
        if (limit < 1 || limit > 100) {
            throw SecretErrors.invalidParameter("MaxResults: " + limit + " (expected: 1..100)");
        }
        List<StoredSecret> all = SecretRepository.heads(env.storage, ctx.principal().accountId(), ctx.region());
        List<StoredSecret> matching = new ArrayList<>();
        for (StoredSecret s : all) {
            if ((includePlannedDeletion || !s.isDeleted()) && (filters == null || filters.stream().allMatch(f -> matches(s, f)))) {
                matching.add(s);
            }
        }
        Comparator<StoredSecret> order = switch (sortBy == null ? "name" : sortBy) {
            case "created-date" -> Comparator.comparing(StoredSecret::createdDate);
            case "last-changed-date" -> Comparator.comparing(StoredSecret::lastChangedDate, Comparator.nullsFirst(Comparator.naturalOrder()));
            case "last-accessed-date" -> Comparator.comparing(StoredSecret::lastAccessedDate, Comparator.nullsFirst(Comparator.naturalOrder()));
            default -> Comparator.comparing(StoredSecret::name);
        };
        matching.sort("desc".equals(sortOrder) ? order.reversed() : order);
        return page(matching, limit, nextToken);
    }

    static <T> Page<T> page(List<T> items, int limit, String nextToken) {
        int from = 0;
        if (nextToken != null) {
            try {
                String text = new String(Base64.getDecoder().decode(nextToken), StandardCharsets.UTF_8);
                if (!text.startsWith("o:")) {
                    throw new IllegalArgumentException();
                }
                from = Integer.parseInt(text.substring(2));
            } catch (IllegalArgumentException e) {
                throw SecretErrors.error(SecretErrors.INVALID_NEXT_TOKEN, "The NextToken value is invalid.");
            }
            if (from < 0 || from > items.size()) {
                throw SecretErrors.error(SecretErrors.INVALID_NEXT_TOKEN, "The NextToken value is invalid.");
            }
        }
        int to = Math.min(items.size(), from + limit);
        String next = to < items.size() ? Base64.getEncoder().encodeToString(("o:" + to).getBytes(StandardCharsets.UTF_8)) : null;
        return new Page<>(List.copyOf(items.subList(from, to)), next);
    }

    private static boolean matches(StoredSecret s, SecretFilter f) {
        if (f.values() == null || f.values().isEmpty()) {
            throw SecretErrors.invalidParameter("Filter " + f.key() + ": at least one value is required");
        }
        boolean anyPositive = false;
        boolean positiveMatch = false;
        for (String raw : f.values()) {
            if (raw == null) {
                throw SecretErrors.invalidParameter("Filter " + f.key() + ": a value is null");
            }
            boolean negate = raw.startsWith("!");
            String value = (negate ? raw.substring(1) : raw).toLowerCase(Locale.ROOT);
            boolean hit = switch (f.key() == null ? "" : f.key()) {
                case "name" -> prefix(s.name(), value);
                case "description" -> prefix(s.description(), value);
                case "tag-key" -> s.tags().keySet().stream().anyMatch(k -> prefix(k, value));
                case "tag-value" -> s.tags().values().stream().anyMatch(v -> prefix(v, value));
                case "primary-region" -> prefix(s.primaryRegion() == null ? s.region() : s.primaryRegion(), value);
                case "owning-service" -> false;
                case "all" -> prefix(s.name(), value) || prefix(s.description(), value)
                        || s.tags().entrySet().stream().anyMatch(e -> prefix(e.getKey(), value) || prefix(e.getValue(), value));
                default -> throw SecretErrors.invalidParameter("Filter key: " + f.key()
                        + " (expected: description, name, tag-key, tag-value, primary-region, owning-service, all)");
            };
            if (negate) {
                if (hit) {
                    return false;
                }
            } else {
                anyPositive = true;
                positiveMatch |= hit;
            }
        }
        return !anyPositive || positiveMatch;
    }

    private static boolean prefix(String text, String lowerPrefix) {
        return text != null && text.toLowerCase(Locale.ROOT).startsWith(lowerPrefix);
    }

    public record Versions(StoredSecret secret, Page<StoredSecret.VersionInfo> page) {
    }

    public Versions listVersionIds(RequestContext ctx, String secretId, Integer maxResults, String nextToken, boolean includeDeprecated) {
        StoredSecret secret = env.find(ctx, secretId);
        env.require(ctx, "ListSecretVersionIds", secret, null);
        int limit = maxResults == null ? 100 : maxResults;
        List<StoredSecret.VersionInfo> versions = secret.versions().stream().filter(v -> includeDeprecated || !v.stages().isEmpty()).toList();
        return new Versions(secret, page(versions, limit, nextToken));
    }

    /** The rotation in progress, if any (DescribeSecret's view of a failed or running rotation). */
    java.util.Optional<RotationState> rotation(StoredSecret secret) {
        return SecretRepository.rotation(env.storage.reads(), secret.account(), secret.region(), secret.name());
    }
}
