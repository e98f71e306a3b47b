package io.citadel.app;

import io.citadel.acm.CertificateIssuer;
import io.citadel.core.RequestContext;
import io.citadel.core.ServiceException;
import io.citadel.core.crypto.pki.Pem;
import io.citadel.pca.Issuance;
import io.citadel.pca.Pca;
import java.time.Duration;
import java.util.List;

/**
 * ACM's issuing CAs: a private certificate comes from the ACM Private CA its CertificateAuthorityArn names, issued for
 * the requester with ACM's service principal (a CreatePermission grant to acm.amazonaws.com suffices, as in AWS, else
 * the requester's own acm-pca:IssueCertificate); a "public" certificate (no ARN) from the node's public issuing CA.
 * PCA's refusals become ACM's FailureReason values.
 */
final class PcaCertificateIssuer implements CertificateIssuer {

    static final String TEMPLATE = "arn:aws:acm-pca:::template/EndEntityCertificate/V1";

    private final Pca pca;
    private final CertificateIssuer publicCa;

    PcaCertificateIssuer(Pca pca, CertificateIssuer publicCa) {
        this.pca = pca;
        this.publicCa = publicCa;
    }

    @Override
    public Issued issue(RequestContext caller, String certificateAuthorityArn, byte[] csrDer, Duration validity) {
        if (certificateAuthorityArn == null) {
            return publicCa.issue(caller, null, csrDer, validity);
        }
        Issuance.Issued issued;
        try {
            issued = pca.issueCertificate(caller, Pca.ACM_PRINCIPAL, new Issuance.IssueInput(certificateAuthorityArn, csrDer, null,
                    TEMPLATE, new Issuance.Validity(Math.max(1, validity.toDays()), "DAYS"), null, null, null));
        } catch (ServiceException e) {
            throw new IssueFailure(failureReason(e.errorCode().code()), e.getMessage());
        }
        List<byte[]> chain = issued.chain() == null ? List.of() : Pem.decodeEvery(issued.chain(), Pem.CERTIFICATE);
        return new Issued(Pem.decodeOne(issued.certificate(), Pem.CERTIFICATE), chain);
    }

    /** ACM's FailureReason for an ACM PCA error code. */
    static String failureReason(String pcaCode) {
        return switch (pcaCode) {
            case "ResourceNotFoundException" -> "PCA_RESOURCE_NOT_FOUND";
            case "InvalidArnException" -> "PCA_INVALID_ARN";
            case "InvalidStateException" -> "PCA_INVALID_STATE";
            case "AccessDeniedException" -> "PCA_ACCESS_DENIED";
            case "InvalidArgsException", "MalformedCSRException", "ValidationException" -> "PCA_INVALID_ARGS";
            case "LimitExceededException" -> "PCA_LIMIT_EXCEEDED";
            case "RequestFailedException" -> "PCA_REQUEST_FAILED";
            default -> "OTHER";
        };
    }
}
