package io.citadel.core.crypto.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;

/**
 * RFC 5280 certificate revocation lists (v2), signed by a CA through its {@link CertificateSigner}: the issuer's name,
 * thisUpdate/nextUpdate, one entry per revoked serial with its reason code, the CRL number and the authority key
 * identifier. A new class beside {@link Certificates} so the existing issuance code stays untouched.
 */
public final class Crls {

    /** RFC 5280 5.3.1 CRLReason codes (7 is unused). */
    public static final int UNSPECIFIED = 0;
    public static final int KEY_COMPROMISE = 1;
    public static final int CA_COMPROMISE = 2;
    public static final int AFFILIATION_CHANGED = 3;
    public static final int SUPERSEDED = 4;
    public static final int CESSATION_OF_OPERATION = 5;
    public static final int CERTIFICATE_HOLD = 6;
    public static final int PRIVILEGE_WITHDRAWN = 9;
    public static final int AA_COMPROMISE = 10;

    /** One revoked certificate. */
    public record Revoked(BigInteger serial, Instant revokedAt, int reason) {
        public Revoked {
            Objects.requireNonNull(serial, "serial");
            Objects.requireNonNull(revokedAt, "revokedAt");
            if (reason < 0 || reason > 10 || reason == 7) {
                throw new IllegalArgumentException("reason: " + reason + " (expected: an RFC 5280 CRLReason, 0..10 except 7)");
            }
        }
    }

    private Crls() {
    }

    /** The DER of a CRL numbered {@code number}, valid from {@code thisUpdate} to {@code nextUpdate}. */
    public static byte[] create(Certificates.Issuer issuer, BigInteger number, Instant thisUpdate, Instant nextUpdate, List<Revoked> revoked) {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(number, "number");
        if (!nextUpdate.isAfter(thisUpdate)) {
            throw new IllegalArgumentException("nextUpdate " + nextUpdate + " is not after thisUpdate " + thisUpdate);
        }
        X509v2CRLBuilder builder = new X509v2CRLBuilder(DistinguishedNames.name(issuer.subject()), Date.from(thisUpdate));
        builder.setNextUpdate(Date.from(nextUpdate));
        for (Revoked r : revoked) {
            builder.addCRLEntry(r.serial(), Date.from(r.revokedAt()), r.reason());
        }
        try {
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new BcX509ExtensionUtils().createAuthorityKeyIdentifier(Certificates.spki(issuer.publicKey(), "issuer public key")));
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
            return builder.build(Certificates.contentSigner(issuer.signer())).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("CRL encoding failed", e);
        }
    }
}
