package io.citadel.core.crypto.pki;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Every extension a PKCS#10 request asks for (its extensionRequest attribute), as pass-through extensions, for
 * templates that copy the CSR's extensions into the certificate. A new class beside {@link CertificateRequests}, which
 * reads only the requested SANs.
 */
public final class CertificateRequestExtensions {

    private CertificateRequestExtensions() {
    }

    /** The requested extensions in order; throws {@link IllegalArgumentException} when {@code csrDer} is not a CSR. */
    public static List<CertificateSpec.CustomExtension> requested(byte[] csrDer) {
        PKCS10CertificationRequest csr;
        try {
            csr = new PKCS10CertificationRequest(csrDer);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("malformed certificate signing request");
        }
        List<CertificateSpec.CustomExtension> out = new ArrayList<>();
        for (Attribute attribute : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            if (attribute.getAttrValues().size() == 0) {
                continue;
            }
            Extensions extensions = Extensions.getInstance(attribute.getAttrValues().getObjectAt(0));
            for (ASN1ObjectIdentifier oid : extensions.getExtensionOIDs()) {
                Extension e = extensions.getExtension(oid);
                out.add(new CertificateSpec.CustomExtension(oid.getId(), e.isCritical(), e.getExtnValue().getOctets()));
            }
        }
        return out;
    }
}
