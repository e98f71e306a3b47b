package io.citadel.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An ACTIVE ACM PCA root (EC P-256) made on a running node with the AWS CLI, for tests of the services that issue from one. */
final class PcaRoots {

    private PcaRoots() {
    }

    /** Creates the CA, issues its RootCACertificate/V1 from its own CSR and imports it; returns the CA's ARN. */
    static String activeRoot(Node node, String commonName) {
        try {
            Path home = Files.createTempDirectory("pca-root");
            IamCliTest.Aws aws = IamCliTest.Aws.as(node, home, node.bootstrapCredentials());
            Path config = Files.writeString(home.resolve("ca.json"), "{\"KeyAlgorithm\":\"EC_prime256v1\","
                    + "\"SigningAlgorithm\":\"SHA256WITHECDSA\",\"Subject\":{\"Organization\":\"Citadel\",\"CommonName\":\"" + commonName + "\"}}");
            String ca = aws.ok("acm-pca", "create-certificate-authority", "--certificate-authority-configuration", "file://" + config,
                    "--certificate-authority-type", "ROOT").get("CertificateAuthorityArn").asText();
            Path csr = Files.writeString(home.resolve("ca.csr"),
                    aws.ok("acm-pca", "get-certificate-authority-csr", "--certificate-authority-arn", ca).get("Csr").asText());
            String rootArn = aws.ok("acm-pca", "issue-certificate", "--certificate-authority-arn", ca, "--csr", "fileb://" + csr,
                    "--signing-algorithm", "SHA256WITHECDSA", "--template-arn", "arn:aws:acm-pca:::template/RootCACertificate/V1",
                    "--validity", "Value=3650,Type=DAYS").get("CertificateArn").asText();
            Path root = Files.writeString(home.resolve("ca.pem"), aws.ok("acm-pca", "get-certificate", "--certificate-authority-arn",
                    ca, "--certificate-arn", rootArn).get("Certificate").asText());
            aws.ok("acm-pca", "import-certificate-authority-certificate", "--certificate-authority-arn", ca, "--certificate",
                    "fileb://" + root);
            return ca;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
