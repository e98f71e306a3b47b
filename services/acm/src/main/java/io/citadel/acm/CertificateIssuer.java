package io.citadel.acm;

import io.citadel.core.RequestContext;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The certificate authority ACM asks to sign its certificates: a private CA named by a CertificateAuthorityArn
 * (ACM PCA), or, with a null ARN, the CA that issues ACM's "public" certificates. ACM sends a PKCS#10 request for the
 * key it generated and the validity it wants; the CA applies its end-entity template (key usage, extended key usage,
 * basicConstraints CA:false) and returns the certificate with its chain. The ACM PCA service implements this port;
 * until it is connected, {@link InProcessIssuer} does.
 */
public interface CertificateIssuer {

    /** A signed certificate (DER) and its chain (DER, the issuing CA first, up to and including the root). */
    record Issued(byte[] certificate, List<byte[]> chain) {
        public Issued {
            Objects.requireNonNull(certificate, "certificate");
            chain = List.copyOf(chain);
        }
    }

    /**
     * Signs {@code csrDer} for {@code validity} from now. {@code caller} is the context ACM acts in: the requesting
     * principal for RequestCertificate and RenewCertificate, the owning account's ACM service context for managed
     * renewal. Throws {@link IssueFailure} when the CA refuses; ACM records its reason on the certificate.
     */
    Issued issue(RequestContext caller, String certificateAuthorityArn, byte[] csrDer, Duration validity);

    /**
     * The CA refused or could not sign. {@code failureReason} is one of the model's FailureReason values
     * (PCA_RESOURCE_NOT_FOUND, PCA_INVALID_STATE, PCA_ACCESS_DENIED, PCA_INVALID_ARGS, PCA_REQUEST_FAILED, OTHER, ...).
     */
    final class IssueFailure extends RuntimeException {
        private final String failureReason;

        public IssueFailure(String failureReason, String message) {
            super(message);
            this.failureReason = Objects.requireNonNull(failureReason, "failureReason");
        }

        public String failureReason() {
            return failureReason;
        }
    }
}
