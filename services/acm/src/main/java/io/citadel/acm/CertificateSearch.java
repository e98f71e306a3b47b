package io.citadel.acm;

import io.citadel.core.RequestContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * SearchCertificates: a filter statement (And, Or, Not over single filters on the ARN, X.509 attributes or ACM
 * metadata) over the caller's certificates in its region, sorted by one of the model's fields, paged. Every filter
 * is a union in the model (exactly one member set), so a statement with none or several is a ValidationException.
 */
public final class CertificateSearch {

    static final int DEFAULT_MAX_RESULTS = 100;

    /** A filter statement, as the model's CertificateFilterStatement. */
    public sealed interface Statement permits All, AnyOf, Not, Match {
    }

    /** Every statement holds (And, 1-15 statements). */
    public record All(List<Statement> statements) implements Statement {
        public All {
            statements = List.copyOf(statements);
        }
    }

    /** At least one holds (Or, 1-15 statements). */
    public record AnyOf(List<Statement> statements) implements Statement {
        public AnyOf {
            statements = List.copyOf(statements);
        }
    }

    /** The statement does not hold. */
    public record Not(Statement statement) implements Statement {
        public Not {
            Objects.requireNonNull(statement, "statement");
        }
    }

    /** One filter. */
    public record Match(Filter filter) implements Statement {
        public Match {
            Objects.requireNonNull(filter, "filter");
        }
    }

    /** CONTAINS or EQUALS, compared without regard to case (names in certificates are DNS names). */
    public record Text(String value, boolean contains) {
        boolean test(String candidate) {
            if (candidate == null) {
                return false;
            }
            String a = candidate.toLowerCase(Locale.ROOT);
            String b = value.toLowerCase(Locale.ROOT);
            return contains ? a.contains(b) : a.equals(b);
        }
    }

    /** A time range; either end may be open. */
    public record Range(Instant start, Instant end) {
        boolean test(Instant t) {
            return t != null && (start == null || !t.isBefore(start)) && (end == null || !t.isAfter(end));
        }
    }

    /** The model's single filters, one per union member. */
    public sealed interface Filter {
        record Arn(String arn) implements Filter {
        }

        record CommonName(Text text) implements Filter {
        }

        record DnsName(Text text) implements Filter {
        }

        record ExtendedKeyUsage(String name) implements Filter {
        }

        record KeyUsage(String name) implements Filter {
        }

        record KeyAlgorithm(String name) implements Filter {
        }

        record SerialNumber(String serial) implements Filter {
        }

        record NotAfter(Range range) implements Filter {
        }

        record NotBefore(Range range) implements Filter {
        }

        record Status(String status) implements Filter {
        }

        record RenewalStatus(String status) implements Filter {
        }

        record Type(String type) implements Filter {
        }

        record InUse(boolean inUse) implements Filter {
        }

        record Exported(boolean exported) implements Filter {
        }

        record ExportOption(String option) implements Filter {
        }

        record ManagedBy(String managedBy) implements Filter {
        }

        record ValidationMethod(String method) implements Filter {
        }
    }

    /** A page of results and the token for the next one (null at the end). */
    public record Page(List<StoredCertificate> items, String nextToken) {
    }

    private final AcmEnvironment env;

    CertificateSearch(AcmEnvironment env) {
        this.env = env;
    }

    /**
     * The caller's certificates matching {@code statement} (all when null), sorted by {@code sortBy} (default CREATED_AT)
     * in {@code sortOrder} (default ASCENDING), ties by ARN. The token carries the position and a digest of the query,
     * so it is refused for another query; certificates created or deleted between pages can shift the position.
     */
    public Page search(RequestContext ctx, Statement statement, String sortBy, String sortOrder, Integer maxResults, String nextToken) {
        env.requireWithout(ctx, "SearchCertificates");
        String sort = sortBy == null ? "CREATED_AT" : sortBy;
        boolean descending = "DESCENDING".equals(sortOrder);
        Comparator<Comparable<Object>> values = descending ? Comparator.reverseOrder() : Comparator.naturalOrder();
        Comparator<StoredCertificate> order = Comparator.comparing(key(sort), Comparator.nullsLast(values))
                .thenComparing(StoredCertificate::arn);
        List<StoredCertificate> matching = CertificateRepository.all(env.storage, ctx.principal().accountId(), ctx.region()).stream()
                .filter(c -> statement == null || holds(statement, c))
                .sorted(order).toList();
        String query = digest(statement + "|" + sort + "|" + descending);
        int start = nextToken == null ? 0 : position(nextToken, query);
        int limit = maxResults == null ? DEFAULT_MAX_RESULTS : maxResults;
        int end = Math.min(matching.size(), start + limit);
        List<StoredCertificate> items = start >= matching.size() ? List.of() : new ArrayList<>(matching.subList(start, end));
        return new Page(items, end < matching.size() ? token(end, query) : null);
    }

    static boolean holds(Statement statement, StoredCertificate c) {
        return switch (statement) {
            case All all -> all.statements().stream().allMatch(s -> holds(s, c));
            case AnyOf any -> any.statements().stream().anyMatch(s -> holds(s, c));
            case Not not -> !holds(not.statement(), c);
            case Match match -> matches(match.filter(), c);
        };
    }

    private static boolean matches(Filter filter, StoredCertificate c) {
        StoredCertificate.X509 x = c.x509();
        return switch (filter) {
            case Filter.Arn f -> c.arn().equals(f.arn());
            case Filter.CommonName f -> f.text().test(commonName(c));
            case Filter.DnsName f -> c.allNames().stream().anyMatch(f.text()::test);
            case Filter.ExtendedKeyUsage f -> {
                List<String> names = x == null ? List.of() : x.extendedKeyUsages().stream().map(StoredCertificate.Eku::name).toList();
                yield switch (f.name()) {
                    case "ANY" -> !names.isEmpty();
                    case "NONE" -> names.isEmpty();
                    default -> names.contains(f.name());
                };
            }
            case Filter.KeyUsage f -> {
                List<String> names = x == null ? List.of() : x.keyUsages();
                yield "ANY".equals(f.name()) ? !names.isEmpty() : names.contains(f.name());
            }
            case Filter.KeyAlgorithm f -> f.name().equals(c.keyAlgorithm());
            case Filter.SerialNumber f -> x != null && f.serial().equalsIgnoreCase(x.serial());
            case Filter.NotAfter f -> x != null && f.range().test(x.notAfter());
            case Filter.NotBefore f -> x != null && f.range().test(x.notBefore());
            case Filter.Status f -> c.status().name().equals(f.status());
            case Filter.RenewalStatus f -> c.renewal() != null && f.status().equals(c.renewal().status());
            case Filter.Type f -> c.type().name().equals(f.type());
            case Filter.InUse f -> c.inUseBy().isEmpty() != f.inUse();
            case Filter.Exported f -> c.exported() == f.exported();
            case Filter.ExportOption f -> f.option().equals(c.exportOption());
            case Filter.ManagedBy f -> false; // no certificate here is managed by another service (CloudFront)
            case Filter.ValidationMethod f -> f.method().equals(c.validationMethod());
        };
    }

    /** The sort key of each SortBy value; booleans sort false first. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Function<StoredCertificate, Comparable<Object>> key(String sortBy) {
        Function<StoredCertificate, Comparable<?>> key = switch (sortBy) {
            case "CREATED_AT" -> StoredCertificate::createdAt;
            case "NOT_AFTER" -> c -> c.x509() == null ? null : c.x509().notAfter();
            case "NOT_BEFORE" -> c -> c.x509() == null ? null : c.x509().notBefore();
            case "STATUS" -> c -> c.status().name();
            case "RENEWAL_STATUS" -> c -> c.renewal() == null ? null : c.renewal().status();
            case "EXPORTED" -> StoredCertificate::exported;
            case "IN_USE" -> c -> !c.inUseBy().isEmpty();
            case "KEY_ALGORITHM" -> StoredCertificate::keyAlgorithm;
            case "TYPE" -> c -> c.type().name();
            case "CERTIFICATE_ARN" -> StoredCertificate::arn;
            case "COMMON_NAME" -> CertificateSearch::commonName;
            case "REVOKED_AT" -> c -> null; // ACM certificates are not revoked here (RevokeCertificate is not offered)
            case "RENEWAL_ELIGIBILITY" -> c -> c.renewalEligible() ? "ELIGIBLE" : "INELIGIBLE";
            case "ISSUED_AT" -> StoredCertificate::issuedAt;
            case "MANAGED_BY" -> c -> null;
            case "EXPORT_OPTION" -> StoredCertificate::exportOption;
            case "VALIDATION_METHOD" -> StoredCertificate::validationMethod;
            case "IMPORTED_AT" -> StoredCertificate::importedAt;
            default -> throw AcmErrors.validation("SortBy: " + sortBy + " (expected one of the model's SearchCertificatesSortBy values)");
        };
        return (Function) key;
    }

    /** The subject's common name, or the certificate's domain name before it has a subject. */
    public static String commonName(StoredCertificate c) {
        if (c.x509() == null || c.x509().subject() == null) {
            return c.domainName();
        }
        return attribute(c.x509().subject(), "CN");
    }

    /** The last value of an RFC 2253 name's attribute ({@code "CN"}, {@code "O"}, ...), or null. */
    public static String attribute(String rfc2253, String type) {
        try {
            String value = null;
            for (Rdn rdn : new LdapName(rfc2253).getRdns()) {
                if (rdn.getType().equalsIgnoreCase(type)) {
                    value = String.valueOf(rdn.getValue());
                }
            }
            return value;
        } catch (InvalidNameException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String token(int position, String query) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((position + ":" + query).getBytes(StandardCharsets.US_ASCII));
    }

    private static int position(String token, String query) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII).split(":", 2);
            if (parts.length == 2 && MessageDigest.isEqual(parts[1].getBytes(StandardCharsets.US_ASCII),
                    query.getBytes(StandardCharsets.US_ASCII))) {
                int position = Integer.parseInt(parts[0]);
                if (position >= 0) {
                    return position;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw AcmErrors.validation("NextToken: not a token that this search returned (expected: the NextToken of the same search)");
    }

    private static String digest(String query) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(query.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
