package io.citadel.parameters;

import io.citadel.core.RequestContext;
import io.citadel.storage.Entry;
import io.citadel.storage.ScanPage;
import io.citadel.storage.Transaction;
import io.citadel.core.json.StoredJson;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * GetParameter(s), GetParametersByPath, DescribeParameters and GetParameterHistory. They read
 * through {@link io.citadel.storage.Storage#reads()}, never taking the writer (on SQLite a
 * transaction, even a read-only one, holds the one write lock that audit commits and every write
 * need): each read sees committed state, and a write between a head and its version read shows one
 * consistent answer or the other (a version is only removed with its parameter or when it is not
 * the latest). SecureString values are decrypted through KMS afterwards, as the caller.
 */
public final class ParameterReads {

    private static final int SCAN_BATCH = 100;

    private final ParameterEnvironment env;
    private final ReadThrottle throttle;
    private final SecretReferences secrets;

    ParameterReads(ParameterEnvironment env, ReadThrottle throttle, SecretReferences secrets) {
        this.env = env;
        this.throttle = throttle;
        this.secrets = secrets;
    }

    /** One version as a read returns it: {@code value} is the plaintext, or for a SecureString without decryption its ciphertext in base64. */
    public record Resolved(ParameterVersion version, String selector, String value, String arn, String sourceResult) {

        public Resolved(ParameterVersion version, String selector, String value, String arn) {
            this(version, selector, value, arn, null);
        }

        @Override
        public String toString() {
            return "Resolved[" + version + "]";
        }
    }

    public record Page<T>(List<T> items, String nextToken) {
    }

    public Resolved get(RequestContext ctx, String selectorText, boolean withDecryption) {
        throttle.acquire(ctx);
        if (selectorText != null && selectorText.startsWith(SecretReferences.PREFIX)) {
            return secretReference(ctx, selectorText, withDecryption);
        }
        ParameterNames.Selector selector = ParameterNames.parseSelector(selectorText, ctx.region(), ParameterEnvironment.account(ctx));
        if (PublicParameters.isPublic(selector.name())) {
            env.require(ctx, "GetParameter", PublicParameters.arn(ctx.region(), selector.name()));
            ParameterVersion v = publicVersion(selector).orElseThrow(() -> ParameterErrors.notFound(selector.name()));
            return new Resolved(v, selector.suffix(), v.value(), PublicParameters.arn(ctx.region(), v.name()));
        }
        String arn = env.arn(ctx, selector.name());
        env.require(ctx, "GetParameter", arn);
        ParameterVersion v = resolve(env.storage.reads(), ctx, selector).orElseThrow(() -> ParameterErrors.notFound(selector.name()));
        return reveal(ctx, v, selector.suffix(), withDecryption);
    }

    /** /aws/reference/secretsmanager/<secret-id>: the secret's AWSCURRENT value through Secrets Manager, as a SecureString of version 0. */
    private Resolved secretReference(RequestContext ctx, String name, boolean withDecryption) {
        if (!withDecryption) {
            throw ParameterErrors.validation("WithDecryption flag must be True for retrieving a Secret Manager secret.");
        }
        env.require(ctx, "GetParameter", env.arn(ctx, name));
        String secretId = name.substring(SecretReferences.PREFIX.length());
        SecretReferences.Secret s = (secretId.isEmpty() ? Optional.<SecretReferences.Secret>empty() : secrets.read(ctx, secretId))
                .orElseThrow(() -> ParameterErrors.notFound(name));
        ParameterVersion v = new ParameterVersion(name, 0, ParameterType.SECURE_STRING, ParameterTier.STANDARD, null, null, new byte[0],
                s.createdDate(), null, null, null, "text", List.of(), List.of());
        return new Resolved(v, null, s.value(), s.arn(), s.sourceResult());
    }

    public record Many(List<Resolved> parameters, List<String> invalid) {
    }

    public Many getMany(RequestContext ctx, List<String> names, boolean withDecryption) {
        throttle.acquire(ctx);
        List<String> unique = List.copyOf(new LinkedHashSet<>(names));
        List<ParameterNames.Selector> selectors = new ArrayList<>();
        for (String n : unique) {
            ParameterNames.Selector s = ParameterNames.parseSelector(n, ctx.region(), ParameterEnvironment.account(ctx));
            env.require(ctx, "GetParameters", PublicParameters.isPublic(s.name()) ? PublicParameters.arn(ctx.region(), s.name())
                    : env.arn(ctx, s.name()));
            selectors.add(s);
        }
        Transaction tx = env.storage.reads();
        List<Optional<ParameterVersion>> found = new ArrayList<>();
        for (ParameterNames.Selector s : selectors) {
            try {
                found.add(PublicParameters.isPublic(s.name()) ? publicVersion(s) : resolve(tx, ctx, s));
            } catch (io.citadel.core.ServiceException e) {
                found.add(Optional.empty());
            }
        }
        List<Resolved> parameters = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (int i = 0; i < unique.size(); i++) {
            if (found.get(i).isPresent()) {
                parameters.add(reveal(ctx, found.get(i).get(), selectors.get(i).suffix(), withDecryption));
            } else {
                invalid.add(unique.get(i));
            }
        }
        return new Many(parameters, invalid);
    }

    /** The version a selector names; empty when the parameter does not exist, ParameterVersionNotFound for a missing version or label. */
    private Optional<ParameterVersion> resolve(Transaction tx, RequestContext ctx, ParameterNames.Selector s) {
        String account = ParameterEnvironment.account(ctx);
        Optional<StoredParameter> head = ParameterRepository.head(tx, account, ctx.region(), s.name());
        if (head.isEmpty()) {
            return Optional.empty();
        }
        if (s.label() != null) {
            return Optional.of(ParameterRepository.versions(tx, account, ctx.region(), s.name()).stream()
                    .filter(v -> v.labels().contains(s.label())).findFirst()
                    .orElseThrow(() -> ParameterErrors.error(ParameterErrors.VERSION_NOT_FOUND,
                            "Systems Manager could not find label " + s.label() + " of " + s.name() + ". Verify the label and try again.")));
        }
        long version = s.version() != null ? s.version() : head.get().version();
        return Optional.of(ParameterRepository.version(tx, account, ctx.region(), s.name(), version)
                .orElseThrow(() -> ParameterWrites.versionNotFound(s.name(), version)));
    }

    /** A public parameter has one version (1) and no labels. */
    private static Optional<ParameterVersion> publicVersion(ParameterNames.Selector s) {
        if (s.label() != null || s.version() != null && s.version() != 1) {
            return Optional.empty();
        }
        return PublicParameters.get(s.name());
    }

    private Resolved reveal(RequestContext ctx, ParameterVersion v, String selector, boolean withDecryption) {
        String arn = PublicParameters.isPublic(v.name()) ? PublicParameters.arn(ctx.region(), v.name()) : env.arn(ctx, v.name());
        if (v.type() != ParameterType.SECURE_STRING) {
            return new Resolved(v, selector, v.value(), arn);
        }
        String value = withDecryption ? env.secure.decrypt(ctx, v.keyId(), arn, v.ciphertext())
                : Base64.getEncoder().encodeToString(v.ciphertext());
        return new Resolved(v, selector, value, arn);
    }

    public Page<Resolved> byPath(RequestContext ctx, String pathText, boolean recursive, List<ParameterFilter> filtersIn,
                                 boolean withDecryption, Integer maxResults, String nextToken) {
        throttle.acquire(ctx);
        String path = ParameterNames.checkPath(pathText);
        if (PublicParameters.isPublic(path + "/")) {
            env.require(ctx, "GetParametersByPath", PublicParameters.arn(ctx.region(), path));
            return publicPage(ctx, path, recursive, filtersIn, maxResults, nextToken);
        }
        env.require(ctx, "GetParametersByPath", env.arn(ctx, path));
        List<ParameterFilter> filters = filtersIn == null ? List.of() : filtersIn.stream().map(ParameterFilter::checkedForPath).toList();
        String label = filters.stream().filter(f -> f.key().equals("Label")).flatMap(f -> f.values().stream()).findFirst().orElse(null);
        int max = maxResults == null ? 10 : maxResults;
        String account = ParameterEnvironment.account(ctx);
        String prefix = ParameterRepository.headPrefix(account, ctx.region()) + (path.equals("/") ? "/" : path + "/");
        String start = PageTokens.decode(nextToken, prefix);
        Transaction tx = env.storage.reads();
        var scanned = scan(tx, prefix, start, max, recursive, filters, p -> {
            if (label == null) {
                // the page's Parameters carry no labels, so the head's copy of the latest value answers without the version row
                return p.latestWithoutLabels().or(() -> ParameterRepository.version(tx, account, ctx.region(), p.name(), p.version()));
            }
            return ParameterRepository.versions(tx, account, ctx.region(), p.name()).stream()
                    .filter(v -> v.labels().contains(label)).findFirst();
        });
        List<Resolved> out = scanned.items().stream().map(v -> reveal(ctx, v, null, withDecryption)).toList();
        return new Page<>(out, scanned.nextToken());
    }

    private Page<Resolved> publicPage(RequestContext ctx, String path, boolean recursive, List<ParameterFilter> filtersIn,
                                      Integer maxResults, String nextToken) {
        if (filtersIn != null && !filtersIn.isEmpty()) {
            filtersIn.forEach(ParameterFilter::checkedForPath);
        }
        String prefix = path + "/";
        String after = PageTokens.decode(nextToken, prefix);
        int max = maxResults == null ? 10 : maxResults;
        List<ParameterVersion> all = PublicParameters.under(path, recursive).stream()
                .filter(v -> after == null || v.name().compareTo(after) > 0).toList();
        List<ParameterVersion> page = all.subList(0, Math.min(max, all.size()));
        String token = all.size() > max ? PageTokens.encode(page.getLast().name()) : null;
        return new Page<>(page.stream().map(v -> reveal(ctx, v, null, false)).toList(), token);
    }

    public Page<StoredParameter> describe(RequestContext ctx, List<ParameterFilter> filtersIn, Integer maxResults, String nextToken) {
        env.require(ctx, "DescribeParameters", "*");
        List<ParameterFilter> filters = filtersIn == null ? List.of() : filtersIn.stream().map(ParameterFilter::checkedForDescribe).toList();
        List<ParameterFilter> paths = filters.stream().filter(f -> f.key().equals("Path")).toList();
        if (paths.size() > 1 || paths.stream().anyMatch(f -> f.values().size() > 1)) {
            throw ParameterErrors.error(ParameterErrors.INVALID_FILTER_VALUE, "Only one Path filter value is supported.");
        }
        String account = ParameterEnvironment.account(ctx);
        String prefix = ParameterRepository.headPrefix(account, ctx.region());
        boolean recursive = true;
        if (!paths.isEmpty()) {
            String path = ParameterNames.checkPath(paths.getFirst().values().getFirst());
            prefix = prefix + (path.equals("/") ? "/" : path + "/");
            recursive = paths.getFirst().option().equals("Recursive");
        }
        String scanPrefix = prefix;
        boolean deep = recursive;
        int max = maxResults == null ? 10 : maxResults;
        String start = PageTokens.decode(nextToken, scanPrefix);
        return scan(env.storage.reads(), scanPrefix, start, max, deep, filters, Optional::of);
    }

    private <T> Page<T> scan(Transaction tx, String prefix, String start, int max, boolean recursive, List<ParameterFilter> filters,
                             java.util.function.Function<StoredParameter, Optional<T>> pick) {
        List<T> out = new ArrayList<>();
        String after = start;
        // when every head under the prefix qualifies, one more than a page tells whether another page follows;
        // reading (and unsealing) a hundred heads to answer ten cost most of a GetParametersByPath
        int batch = recursive && filters.isEmpty() ? max + 1 : SCAN_BATCH;
        while (true) {
            ScanPage page = ParameterRepository.scanHeads(tx, prefix, after, batch);
            batch = SCAN_BATCH;
            for (Entry e : page.entries()) {
                after = e.key();
                if (!recursive && e.key().indexOf('/', prefix.length()) >= 0) {
                    continue;
                }
                StoredParameter p = ParameterRepository.HEADS.read(e.value());
                if (filters.stream().allMatch(f -> f.matches(p))) {
                    Optional<T> item = pick.apply(p);
                    if (item.isPresent()) {
                        out.add(item.get());
                        if (out.size() == max) {
                            boolean more = page.hasMore() || !e.key().equals(page.entries().getLast().key());
                            return new Page<>(out, more ? PageTokens.encode(after) : null);
                        }
                    }
                }
            }
            if (!page.hasMore()) {
                return new Page<>(out, null);
            }
        }
    }

    public Page<Resolved> history(RequestContext ctx, String nameText, boolean withDecryption, Integer maxResults, String nextToken) {
        String name = ParameterNames.checkName(nameText);
        env.require(ctx, "GetParameterHistory", env.arn(ctx, name));
        String account = ParameterEnvironment.account(ctx);
        String prefix = ParameterRepository.versionsPrefix(account, ctx.region(), name);
        String start = PageTokens.decode(nextToken, prefix);
        int max = maxResults == null ? 50 : maxResults;
        Transaction tx = env.storage.reads();
        if (ParameterRepository.head(tx, account, ctx.region(), name).isEmpty()) {
            throw ParameterErrors.notFound(name);
        }
        ScanPage scan = tx.scan(prefix, start, max);
        List<ParameterVersion> versions = scan.entries().stream().map(e -> ParameterRepository.VERSIONS.read(e.value())).toList();
        Page<ParameterVersion> page = new Page<>(versions, scan.hasMore() ? PageTokens.encode(scan.lastKey().orElseThrow()) : null);
        return new Page<>(page.items().stream().map(v -> reveal(ctx, v, null, withDecryption)).toList(), page.nextToken());
    }
}
