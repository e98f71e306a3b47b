package io.citadel.acm;

import io.citadel.core.crypto.Hashes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Domain names as ACM takes them (lower case, no final dot, one leading "*." allowed), the CNAME record that DNS
 * validation asks for, and the addresses EMAIL validation writes to. The record depends only on the account and the
 * domain (a wildcard uses its base domain's), as in AWS: one record in place validates every certificate and every
 * renewal of that domain in the account.
 */
final class DomainNames {

    static final List<String> MAILBOXES = List.of("admin", "administrator", "hostmaster", "postmaster", "webmaster");
    static final String VALIDATION_SUFFIX = "acm-validations.aws.";
    private static final Pattern LABEL = Pattern.compile("(?!-)[a-z0-9-]{1,63}(?<!-)");

    private DomainNames() {
    }

    /** The normalised name; throws InvalidParameterException naming the rule otherwise. */
    static String normalise(String name, String member) {
        if (name == null) {
            throw AcmErrors.invalidParameter(member + ": null (expected: a domain name)");
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        if (n.length() < 1 || n.length() > 253) {
            throw AcmErrors.invalidParameter(member + ": " + name + " (expected: 1..253 characters)");
        }
        String rest = n.startsWith("*.") ? n.substring(2) : n;
        String[] labels = rest.split("\\.", -1);
        if (labels.length < 2) {
            throw AcmErrors.invalidParameter(member + ": " + name + " (expected: a fully qualified domain name, e.g. www.example.com)");
        }
        for (String label : labels) {
            if (label.contains("*")) {
                throw AcmErrors.invalidParameter(member + ": " + name + " (a wildcard is allowed only as the whole leftmost label, *.example.com)");
            }
            if (!LABEL.matcher(label).matches()) {
                throw AcmErrors.invalidParameter(member + ": " + name + " (label '" + label
                        + "': expected 1..63 of a-z, 0-9 and '-', not starting or ending with '-')");
            }
        }
        return n;
    }

    /** DomainName first, then the SANs, normalised and without duplicates. */
    static List<String> names(String domainName, List<String> sans) {
        Set<String> out = new LinkedHashSet<>();
        out.add(normalise(domainName, "DomainName"));
        if (sans != null) {
            for (String san : sans) {
                out.add(normalise(san, "SubjectAlternativeNames"));
            }
        }
        return new ArrayList<>(out);
    }

    /** The name a wildcard is validated through: its base domain. */
    static String base(String name) {
        return name.startsWith("*.") ? name.substring(2) : name;
    }

    /** Whether {@code validationDomain} is {@code domain}'s base or one of its parents (EMAIL's ValidationDomain rule). */
    static boolean isSelfOrParent(String domain, String validationDomain) {
        String b = base(domain);
        return b.equals(validationDomain) || b.endsWith("." + validationDomain);
    }

    static String recordName(String account, String domain) {
        return "_" + hash("acm-validation-name", account, base(domain)) + "." + base(domain) + ".";
    }

    static String recordValue(String account, String domain) {
        return "_" + hash("acm-validation-value", account, base(domain)) + "." + VALIDATION_SUFFIX;
    }

    static List<String> emails(String validationDomain) {
        return MAILBOXES.stream().map(m -> m + "@" + validationDomain).toList();
    }

    /** Whether two DNS names are the same, ignoring case and a final dot. */
    static boolean sameName(String a, String b) {
        return strip(a).equalsIgnoreCase(strip(b));
    }

    private static String strip(String n) {
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private static String hash(String label, String account, String domain) {
        byte[] digest = Hashes.sha256((label + "/" + account + "/" + domain).getBytes(StandardCharsets.UTF_8));
        return Hashes.hex(digest).substring(0, 32);
    }
}
