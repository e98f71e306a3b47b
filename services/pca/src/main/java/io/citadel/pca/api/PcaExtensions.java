package io.citadel.pca.api;

import io.citadel.core.ServiceException;
import io.citadel.core.crypto.pki.CertificateSpec;
import io.citadel.pca.Issuance;
import io.citadel.pca.PcaErrors;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** ApiPassthrough's shapes (Extensions, KeyUsage, ExtendedKeyUsage, CustomExtension) to the issuance's passthrough. */
final class PcaExtensions {

    private PcaExtensions() {
    }

    static Issuance.Passthrough passthrough(ApiPassthrough p) {
        Extensions e = p.extensions();
        if (e != null && e.certificatePolicies() != null && !e.certificatePolicies().isEmpty()) {
            throw new ServiceException(PcaErrors.INVALID_ARGS, "ApiPassthrough: CertificatePolicies are not supported here");
        }
        return new Issuance.Passthrough(PcaSubjects.attributes(p.subject()),
                e == null ? List.of() : PcaSubjects.sans(e.subjectAlternativeNames()),
                e == null ? null : keyUsage(e.keyUsage()),
                e == null ? null : extendedKeyUsage(e.extendedKeyUsage()),
                e == null ? null : custom(e.customExtensions()));
    }

    private static Set<io.citadel.core.crypto.pki.KeyUsage> keyUsage(KeyUsage k) {
        if (k == null) {
            return null;
        }
        Set<io.citadel.core.crypto.pki.KeyUsage> out = EnumSet.noneOf(io.citadel.core.crypto.pki.KeyUsage.class);
        add(out, k.digitalSignature(), io.citadel.core.crypto.pki.KeyUsage.DIGITAL_SIGNATURE);
        add(out, k.nonRepudiation(), io.citadel.core.crypto.pki.KeyUsage.NON_REPUDIATION);
        add(out, k.keyEncipherment(), io.citadel.core.crypto.pki.KeyUsage.KEY_ENCIPHERMENT);
        add(out, k.dataEncipherment(), io.citadel.core.crypto.pki.KeyUsage.DATA_ENCIPHERMENT);
        add(out, k.keyAgreement(), io.citadel.core.crypto.pki.KeyUsage.KEY_AGREEMENT);
        add(out, k.keyCertSign(), io.citadel.core.crypto.pki.KeyUsage.KEY_CERT_SIGN);
        add(out, k.crlSign(), io.citadel.core.crypto.pki.KeyUsage.CRL_SIGN);
        add(out, k.encipherOnly(), io.citadel.core.crypto.pki.KeyUsage.ENCIPHER_ONLY);
        add(out, k.decipherOnly(), io.citadel.core.crypto.pki.KeyUsage.DECIPHER_ONLY);
        return out;
    }

    private static void add(Set<io.citadel.core.crypto.pki.KeyUsage> out, Boolean set, io.citadel.core.crypto.pki.KeyUsage usage) {
        if (Boolean.TRUE.equals(set)) {
            out.add(usage);
        }
    }

    private static List<String> extendedKeyUsage(List<ExtendedKeyUsage> in) {
        if (in == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (ExtendedKeyUsage e : in) {
            if (e.extendedKeyUsageObjectIdentifier() != null) {
                out.add(e.extendedKeyUsageObjectIdentifier());
                continue;
            }
            out.add(switch (e.extendedKeyUsageType() == null ? "" : e.extendedKeyUsageType()) {
                case "SERVER_AUTH" -> CertificateSpec.EKU_SERVER_AUTH;
                case "CLIENT_AUTH" -> CertificateSpec.EKU_CLIENT_AUTH;
                case "CODE_SIGNING" -> CertificateSpec.EKU_CODE_SIGNING;
                case "EMAIL_PROTECTION" -> CertificateSpec.EKU_EMAIL_PROTECTION;
                case "TIME_STAMPING" -> CertificateSpec.EKU_TIME_STAMPING;
                case "OCSP_SIGNING" -> CertificateSpec.EKU_OCSP_SIGNING;
                case "SMART_CARD_LOGIN" -> "1.3.6.1.4.1.311.20.2.2";
                case "DOCUMENT_SIGNING" -> "1.3.6.1.5.5.7.3.36";
                case "CERTIFICATE_TRANSPARENCY" -> "1.3.6.1.4.1.11129.2.4.4";
                default -> throw new ServiceException(PcaErrors.INVALID_ARGS,
                        "ExtendedKeyUsage: one of ExtendedKeyUsageType or ExtendedKeyUsageObjectIdentifier is required");
            });
        }
        return out;
    }

    private static List<CertificateSpec.CustomExtension> custom(List<CustomExtension> in) {
        if (in == null) {
            return null;
        }
        List<CertificateSpec.CustomExtension> out = new ArrayList<>();
        for (CustomExtension c : in) {
            byte[] value;
            try {
                value = Base64.getDecoder().decode(c.value());
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new ServiceException(PcaErrors.INVALID_ARGS, "CustomExtensions: Value of " + c.objectIdentifier()
                        + " is not base64 (expected: the extension's DER value, base64)");
            }
            out.add(new CertificateSpec.CustomExtension(c.objectIdentifier(), Boolean.TRUE.equals(c.critical()), value));
        }
        return out;
    }
}
