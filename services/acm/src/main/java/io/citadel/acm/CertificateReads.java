package io.citadel.acm;

import io.citadel.core.RequestContext;
import io.citadel.core.crypto.pki.EncryptedPrivateKeys;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** DescribeCertificate, GetCertificate, ExportCertificate and ListCertificates (statuses, Includes filters, sorting, paging). */
public final class CertificateReads {

    /** ListCertificates' default keyTypes, as in AWS: without a keyTypes filter only these are listed. */
    static final List<String> DEFAULT_KEY_TYPES = List.of("RSA_1024", "RSA_2048");
    static final int DEFAULT_MAX_ITEMS = 1000;

    /** A certificate with its PEM; {@code privateKeyPem} only from ExportCertificate (encrypted under the passphrase). */
    public record Pems(String certificate, String chain, String privateKeyPem) {
        @Override
        public String toString() {
            return "Pems[certificate=" + (certificate == null ? 0 : certificate.length()) + " chars]";
        }
    }

    /** ListCertificates' Includes filter; null members do not filter. */
    public record Includes(List<String> keyTypes, List<String> keyUsage, List<String> extendedKeyUsage, String managedBy,
                           String exportOption) {
    }

    public record Page(List<StoredCertificate> items, String nextToken) {
    }

    private final AcmEnvironment env;

    CertificateReads(AcmEnvironment env) {
        this.env = env;
    }

    public StoredCertificate describe(RequestContext ctx, String arn) {
        StoredCertificate c = env.find(ctx, arn);
        env.require(ctx, "DescribeCertificate", c);
        return c;
    }

    public Pems get(RequestContext ctx, String arn) {
        StoredCertificate c = env.find(ctx, arn);
        env.require(ctx, "GetCertificate", c);
        return pems(c, null);
    }

    /** ExportCertificate: private certificates (or ones requested with Export ENABLED) with the key encrypted under {@code passphrase}. */
    /** What the node's own listener serves from an ACM certificate: PEMs and the unencrypted PKCS#8 key, kept in memory only. */
    public record Served(String certificatePem, String chainPem, byte[] privateKeyPkcs8) {
        @Override
        public String toString() {
            return "Served[certificate, chain, private key withheld]";
        }
    }

    /**
     * The current certificate, chain and key of {@code arn} for the node's own TLS listener (setting
     * tls-certificate-arn, chosen by the operator): not an AWS operation, so no caller and no policy. Throws
     * {@link IllegalStateException} naming the reason while the certificate has no issued material.
     */
    public Served forNodeListener(String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !parts[2].equals("acm") || !parts[5].startsWith("certificate/")) {
            throw new IllegalArgumentException("not an ACM certificate ARN: " + arn);
        }
        StoredCertificate c = CertificateRepository.find(env.storage, parts[4], parts[3], parts[5].substring("certificate/".length()))
                .orElseThrow(() -> new IllegalStateException("ACM certificate " + arn + " does not exist"));
        if (c.status() != StoredCertificate.Status.ISSUED) {
            throw new IllegalStateException("ACM certificate " + arn + " is " + c.status() + " (expected: ISSUED)");
        }
        StoredCertificate.Material m = CertificateRepository.material(env.storage, c.account(), c.region(), c.id())
                .orElseThrow(() -> new IllegalStateException("ACM certificate " + arn + " has no issued certificate yet"));
        if (m.privateKey() == null) {
            throw new IllegalStateException("ACM certificate " + arn + " has no private key");
        }
        return new Served(m.certificatePem(), m.chainPem() == null ? "" : m.chainPem(), m.privateKey().clone());
    }

    public Pems export(RequestContext ctx, String arn, byte[] passphrase) {
        StoredCertificate c = env.find(ctx, arn);
        env.require(ctx, "ExportCertificate", c);
        if (c.type() == StoredCertificate.Type.IMPORTED || (c.type() == StoredCertificate.Type.AMAZON_ISSUED && !"ENABLED".equals(c.exportOption()))) {
            throw AcmErrors.validation("Certificate ARN: " + arn + " is not a private certificate (type " + c.type()
                    + "; only PRIVATE certificates can be exported)");
        }
        Pems out = pems(c, passphrase);
        if (!c.exported()) {
            env.storage.transaction(tx -> {
                CertificateRepository.find(tx, c.account(), c.region(), c.id())
                        .ifPresent(fresh -> CertificateRepository.put(tx, fresh.markExported()));
                return null;
            });
        }
        return out;
    }

    private Pems pems(StoredCertificate c, byte[] passphrase) {
        if (c.status() == StoredCertificate.Status.PENDING_VALIDATION) {
            throw AcmErrors.inProgress(c.arn());
        }
        Optional<StoredCertificate.Material> m = c.x509() == null ? Optional.empty()
                : CertificateRepository.material(env.storage, c.account(), c.region(), c.id());
        if (m.isEmpty()) {
            throw AcmErrors.error(AcmErrors.REQUEST_IN_PROGRESS, "Certificate " + c.arn() + " is in state " + c.status()
                    + " and has no certificate to return");
        }
        String key;
        try {
            key = passphrase == null ? null : EncryptedPrivateKeys.encryptToPem(m.get().privateKey(), passphrase, env.random);
        } catch (IllegalArgumentException e) {
            throw AcmErrors.validation("Passphrase: not valid UTF-8 text (expected: 4..128 bytes of UTF-8)");
        }
        return new Pems(m.get().certificatePem(), m.get().chainPem(), key);
    }

    public Page list(RequestContext ctx, List<String> statuses, Includes includes, String sortBy, String sortOrder, Integer maxItems,
                     String nextToken) {
        env.requireWithout(ctx, "ListCertificates");
        List<String> keyTypes = includes == null || includes.keyTypes() == null || includes.keyTypes().isEmpty() ? DEFAULT_KEY_TYPES
                : includes.keyTypes();
        for (String k : keyTypes) {
            if (k == null || !CertificateImports.IMPORT_KEY_ALGORITHMS.contains(k)) {
                throw AcmErrors.validation("Includes.keyTypes: " + k + " (expected one of " + CertificateImports.IMPORT_KEY_ALGORITHMS + ")");
            }
        }
        List<String> wantedStatuses = statuses == null ? List.of() : statuses;
        for (String s : wantedStatuses) {
            try {
                StoredCertificate.Status.valueOf(java.util.Objects.requireNonNull(s));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw AcmErrors.validation("CertificateStatuses: " + s + " (expected one of " + List.of(StoredCertificate.Status.values()) + ")");
            }
        }
        Comparator<StoredCertificate> order = Comparator.comparing(StoredCertificate::createdAt).thenComparing(StoredCertificate::id);
        boolean descending = "DESCENDING".equals(sortOrder);
        if (descending) {
            order = order.reversed();
        }
        List<StoredCertificate> matching = CertificateRepository.all(env.storage, ctx.principal().accountId(), ctx.region()).stream()
                .filter(c -> wantedStatuses.isEmpty() || wantedStatuses.contains(c.status().name()))
                .filter(c -> keyTypes.contains(c.keyAlgorithm()))
                .filter(c -> matches(c, includes))
                .sorted(order).toList();
        int start = 0;
        if (nextToken != null) {
            String[] after = decodeToken(nextToken);
            Instant createdAt = Instant.parse(after[0]);
            String id = after[1];
            start = matching.size();
            for (int i = 0; i < matching.size(); i++) {
                StoredCertificate c = matching.get(i);
                int cmp = c.createdAt().compareTo(createdAt) != 0 ? c.createdAt().compareTo(createdAt) : c.id().compareTo(id);
                if (descending ? cmp < 0 : cmp > 0) {
                    start = i;
                    break;
                }
            }
        }
        int limit = maxItems == null ? DEFAULT_MAX_ITEMS : maxItems;
        int end = Math.min(matching.size(), start + limit);
        List<StoredCertificate> items = new ArrayList<>();
        for (int i = start; i < end; i++) {
            items.add(matching.get(i));
        }
        String token = end < matching.size() ? encodeToken(matching.get(end - 1)) : null;
        return new Page(items, token);
    }

    private static boolean matches(StoredCertificate c, Includes in) {
        if (in == null) {
            return true;
        }
        if (in.managedBy() != null) {
            return false;
        }
        if (in.exportOption() != null && !in.exportOption().equals(c.exportOption())) {
            return false;
        }
        if (in.keyUsage() != null && !in.keyUsage().isEmpty()) {
            List<String> have = c.x509() == null ? List.of() : c.x509().keyUsages();
            if (in.keyUsage().stream().noneMatch(k -> "ANY".equals(k) ? !have.isEmpty() : have.contains(k))) {
                return false;
            }
        }
        if (in.extendedKeyUsage() != null && !in.extendedKeyUsage().isEmpty()) {
            List<String> have = c.x509() == null ? List.of() : c.x509().extendedKeyUsages().stream().map(StoredCertificate.Eku::name).toList();
            return in.extendedKeyUsage().stream().filter(java.util.Objects::nonNull).anyMatch(k -> switch (k) {
                case "ANY" -> !have.isEmpty();
                case "NONE" -> have.isEmpty();
                default -> have.contains(k);
            });
        }
        return true;
    }

    private static String encodeToken(StoredCertificate last) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("v1|" + last.createdAt() + "|" + last.id()).getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decodeToken(String token) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|");
            if (parts.length != 3 || !parts[0].equals("v1")) {
                throw new IllegalArgumentException();
            }
            Instant.parse(parts[1]);
            return new String[] {parts[1], parts[2]};
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw AcmErrors.error(AcmErrors.INVALID_ARGS, "NextToken: " + token + " is not a token ListCertificates returned");
        }
    }

    /** GetAccountConfiguration's DaysBeforeExpiry. */
    public int daysBeforeExpiry(RequestContext ctx) {
        env.requireWithout(ctx, "GetAccountConfiguration");
        return CertificateRepository.config(env.storage.reads(), ctx.principal().accountId(), ctx.region()).daysBeforeExpiry();
    }
}
