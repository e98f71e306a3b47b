package io.citadel.acme;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One opt-in ACME directory, served at {@code /acme/<name>/directory}, issuing through the certificate authority
 * {@code certificateAuthorityArn}. Created by {@code citadel admin enable-acme}; AWS has no ACME API.
 *
 * @param account                the account and region of the CA's ARN: the directory's data lives in that namespace
 * @param externalAccountRequired whether newAccount needs an External Account Binding made with {@code create-acme-eab-key}
 * @param validityDays           lifetime of the certificates it issues
 */
public record AcmeDirectory(String name, String certificateAuthorityArn, String account, String region,
                            boolean externalAccountRequired, int validityDays, Instant createdAt) {

    public static final int MAX_VALIDITY_DAYS = 825;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern CA_ARN = Pattern.compile("arn:aws:acm-pca:([a-z0-9-]+):([0-9]{12}):certificate-authority/[A-Za-z0-9-]{1,64}");

    public AcmeDirectory {
        checkName(name);
        Objects.requireNonNull(certificateAuthorityArn, "certificateAuthorityArn");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(createdAt, "createdAt");
        if (validityDays < 1 || validityDays > MAX_VALIDITY_DAYS) {
            throw new IllegalArgumentException("validityDays: " + validityDays + " (expected: 1.." + MAX_VALIDITY_DAYS + ")");
        }
    }

    /** A new directory for a CA given by its ARN, whose account and region become the directory's namespace. */
    public static AcmeDirectory create(String name, String certificateAuthorityArn, boolean externalAccountRequired,
                                       int validityDays, Instant now) {
        var m = CA_ARN.matcher(Objects.requireNonNull(certificateAuthorityArn, "certificateAuthorityArn"));
        if (!m.matches()) {
            throw new IllegalArgumentException("certificate-authority-arn: " + certificateAuthorityArn
                    + " (expected: arn:aws:acm-pca:<region>:<12-digit account>:certificate-authority/<id>)");
        }
        return new AcmeDirectory(name, certificateAuthorityArn, m.group(2), m.group(1), externalAccountRequired, validityDays, now);
    }

    /** Returns {@code name} if it is a valid directory name (the path segment after /acme/). */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("ACME directory name: " + name + " (expected: [a-z0-9][a-z0-9-]{0,62})");
        }
        return name;
    }
}
