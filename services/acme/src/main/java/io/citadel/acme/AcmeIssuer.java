package io.citadel.acme;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The port through which ACME gets certificates signed: the certificate authority is not ACME's own code. The
 * default is {@link LocalCaIssuer} (an in-process root per CA ARN); a node wires the private CA (ACM PCA) here.
 * The ACME service has already checked the CSR (signature, key, names) when it calls {@link #issue}.
 */
public interface AcmeIssuer {

    /** A signed certificate: the leaf's DER and the chain above it (issuing CA first, up to and including the root). */
    record Issued(byte[] certificate, List<byte[]> chain) {
        public Issued {
            Objects.requireNonNull(certificate, "certificate");
            chain = List.copyOf(chain);
        }
    }

    /**
     * Issues an end-entity TLS certificate for the key in {@code csrDer} with {@code dnsNames} as its subjectAltNames
     * (wildcards as "*.example.com"), valid for {@code validity} from now. Throws {@link IllegalStateException} when
     * the CA cannot issue (it is disabled, say); the order then becomes invalid with a serverInternal error.
     */
    Issued issue(String certificateAuthorityArn, byte[] csrDer, List<String> dnsNames, Duration validity);

    /** Records the revocation of {@code serial} with an RFC 5280 CRLReason code, for the CA's CRL and OCSP. */
    void revoke(String certificateAuthorityArn, BigInteger serial, int reason);
}
