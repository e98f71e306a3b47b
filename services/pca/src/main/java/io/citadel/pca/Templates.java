package io.citadel.pca;

import io.citadel.core.crypto.pki.CertificateSpec;
import io.citadel.core.crypto.pki.KeyUsage;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The certificate templates of AWS PCA that this service implements, with the extensions AWS documents for each
 * (UsingTemplates): end-entity, client/server auth, code signing, OCSP signing, subordinate CA path length 0..3 and
 * root CA. The _APIPassthrough and _APICSRPassthrough variants of the end-entity templates take subject, SANs, key
 * usages and custom extensions from ApiPassthrough; the _CSRPassthrough and _APICSRPassthrough variants copy the CSR's
 * other requested extensions.
 */
final class Templates {

    static final String PREFIX = "arn:aws:acm-pca:::template/";
    static final String DEFAULT = PREFIX + "EndEntityCertificate/V1";

    /** One template: the basicConstraints, keyUsage and EKU it writes; {@code ca} templates sign certificates. */
    record Template(String arn, CertificateSpec.BasicConstraints basicConstraints, Set<KeyUsage> keyUsage, List<String> extendedKeyUsage,
                    boolean root, boolean apiPassthrough, boolean revocationExtensions, boolean csrPassthrough) {

        boolean ca() {
            return basicConstraints.ca();
        }
    }

    private static final Map<String, Template> TEMPLATES;

    static {
        var endEntity = new CertificateSpec.BasicConstraints(false, null);
        var map = new java.util.LinkedHashMap<String, Template>();
        for (String suffix : List.of("", "_APIPassthrough", "_CSRPassthrough", "_APICSRPassthrough")) {
            boolean api = suffix.contains("API");
            boolean csr = suffix.contains("CSR");
            put(map, new Template(PREFIX + "EndEntityCertificate" + suffix + "/V1", endEntity,
                    Set.of(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_ENCIPHERMENT),
                    List.of(CertificateSpec.EKU_SERVER_AUTH, CertificateSpec.EKU_CLIENT_AUTH), false, api, true, csr));
            put(map, new Template(PREFIX + "EndEntityClientAuthCertificate" + suffix + "/V1", endEntity,
                    Set.of(KeyUsage.DIGITAL_SIGNATURE), List.of(CertificateSpec.EKU_CLIENT_AUTH), false, api, true, csr));
            put(map, new Template(PREFIX + "EndEntityServerAuthCertificate" + suffix + "/V1", endEntity,
                    Set.of(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_ENCIPHERMENT), List.of(CertificateSpec.EKU_SERVER_AUTH), false, api, true, csr));
            put(map, new Template(PREFIX + "CodeSigningCertificate" + suffix + "/V1", endEntity,
                    Set.of(KeyUsage.DIGITAL_SIGNATURE), List.of(CertificateSpec.EKU_CODE_SIGNING), false, api, true, csr));
        }
        put(map, new Template(PREFIX + "OCSPSigningCertificate/V1", endEntity, Set.of(KeyUsage.DIGITAL_SIGNATURE),
                List.of(CertificateSpec.EKU_OCSP_SIGNING), false, false, false, false));
        for (int n = 0; n <= 3; n++) {
            put(map, new Template(PREFIX + "SubordinateCACertificate_PathLen" + n + "/V1", new CertificateSpec.BasicConstraints(true, n),
                    Set.of(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_CERT_SIGN, KeyUsage.CRL_SIGN), List.of(), false, false, true, false));
        }
        put(map, new Template(PREFIX + "RootCACertificate/V1", new CertificateSpec.BasicConstraints(true, null),
                Set.of(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_CERT_SIGN, KeyUsage.CRL_SIGN), List.of(), true, false, false, false));
        TEMPLATES = Map.copyOf(map);
    }

    private static void put(Map<String, Template> map, Template t) {
        map.put(t.arn(), t);
    }

    private Templates() {
    }

    static Template resolve(String arn) {
        Template t = TEMPLATES.get(arn == null ? DEFAULT : arn);
        if (t == null) {
            throw PcaErrors.invalidArgs("TemplateArn: " + arn + " (supported here: " + String.join(", ",
                    TEMPLATES.keySet().stream().sorted().map(a -> a.substring(PREFIX.length())).toList()) + ")");
        }
        return t;
    }
}
