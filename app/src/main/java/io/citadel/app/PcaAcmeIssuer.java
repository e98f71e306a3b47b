package io.citadel.app;

import io.citadel.acme.AcmeIssuer;
import io.citadel.core.RequestContext;
import io.citadel.core.crypto.pki.Pem;
import io.citadel.pca.Issuance;
import io.citadel.pca.Pca;
import java.math.BigInteger;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

/**
 * ACME issues from the ACM Private CA its directory names, with the authority of the CA's own account (its root):
 * an operator enabling ACME on a CA (citadel admin enable-acme) is what grants ACME clients the right to obtain
 * certificates from it, as CreatePermission grants ACM. Leaves use AWS's EndEntityServerAuthCertificate template,
 * so the CSR's names become the SANs and the certificate carries serverAuth.
 */
final class PcaAcmeIssuer implements AcmeIssuer {

    static final String TEMPLATE = "arn:aws:acm-pca:::template/EndEntityServerAuthCertificate/V1";

    private final Pca pca;
    private final InstantSource clock;

    PcaAcmeIssuer(Pca pca, InstantSource clock) {
        this.pca = pca;
        this.clock = clock;
    }

    @Override
    public Issued issue(String certificateAuthorityArn, byte[] csrDer, List<String> dnsNames, Duration validity) {
        Issuance.Issued issued = pca.issueCertificate(context(certificateAuthorityArn, "IssueCertificate"), null,
                new Issuance.IssueInput(certificateAuthorityArn, csrDer, null, TEMPLATE,
                        new Issuance.Validity(Math.max(1, validity.toDays()), "DAYS"), null, null, null));
        List<byte[]> chain = issued.chain() == null ? List.of() : Pem.decodeEvery(issued.chain(), Pem.CERTIFICATE);
        return new Issued(Pem.decodeOne(issued.certificate(), Pem.CERTIFICATE), chain);
    }

    @Override
    public void revoke(String certificateAuthorityArn, BigInteger serial, int reason) {
        pca.issuance().revoke(context(certificateAuthorityArn, "RevokeCertificate"), certificateAuthorityArn, serial.toString(16),
                reasonName(reason));
    }

    /** RFC 5280 CRLReason codes ACME sends, as ACM PCA's RevocationReason names them. */
    static String reasonName(int code) {
        return switch (code) {
            case 1 -> "KEY_COMPROMISE";
            case 2 -> "CERTIFICATE_AUTHORITY_COMPROMISE";
            case 3 -> "AFFILIATION_CHANGED";
            case 4 -> "SUPERSEDED";
            case 5 -> "CESSATION_OF_OPERATION";
            case 9 -> "PRIVILEGE_WITHDRAWN";
            case 10 -> "A_A_COMPROMISE";
            default -> "UNSPECIFIED";
        };
    }

    private RequestContext context(String caArn, String operation) {
        return AccountRootContexts.of(caArn, "acm-pca", operation, "citadel-acme", clock);
    }
}
