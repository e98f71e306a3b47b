package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.core.crypto.pki.EncryptedPrivateKeys;
import io.citadel.core.crypto.pki.Pem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.acm.AcmClient;

/**
 * Private keys of certificates ACM issued or imported never reach the SQLite files in the clear (raw or base64), while
 * certificate ids (in unsealed storage keys) are found, which shows the scan sees the data.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AcmSealedAtRestTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path work;

    @Test
    void sqliteFiles_holdNoPrivateKey() throws Exception {
        Processes.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", work.resolve("k.pem").toString(),
                "-out", work.resolve("c.pem").toString(), "-days", "5", "-subj", "/CN=sealed.example"),
                Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", work.toString()), Duration.ofSeconds(60)).requireSuccess("openssl req");
        byte[] importedKey = Pem.decodeOne(Files.readString(work.resolve("k.pem")), Pem.PRIVATE_KEY);
        byte[] issuedKey;
        String id;
        StoredBytes whileRunning;
        try (AcmDnsServer dns = new AcmDnsServer(); AcmSmtpSink smtp = new AcmSmtpSink(); Node node = AcmClients.start(dataDir, dns, smtp);
             AcmClient acm = AcmClients.acm(node, node.bootstrapCredentials())) {
            String ca = PcaRoots.activeRoot(node, "ACM Test Root");
            String arn = acm.requestCertificate(r -> r.domainName("sealed.internal.example").certificateAuthorityArn(ca)).certificateArn();
            id = arn.substring(arn.lastIndexOf('/') + 1);
            String pem = acm.exportCertificate(r -> r.certificateArn(arn).passphrase(SdkBytes.fromUtf8String("sealed-pass"))).privateKey();
            issuedKey = EncryptedPrivateKeys.decrypt(Pem.decodeOne(pem, Pem.ENCRYPTED_PRIVATE_KEY), "sealed-pass".getBytes(StandardCharsets.UTF_8));
            acm.importCertificate(r -> r.certificate(SdkBytes.fromByteArray(read(work.resolve("c.pem"))))
                    .privateKey(SdkBytes.fromByteArray(read(work.resolve("k.pem")))));
            whileRunning = StoredBytes.sqliteFiles(dataDir);
        }
        StoredBytes afterClose = StoredBytes.sqliteFiles(dataDir);
        for (StoredBytes stored : List.of(whileRunning, afterClose)) {
            assertThat(stored.contains(id.getBytes(StandardCharsets.UTF_8))).as("certificate ids are storage keys").isTrue();
            for (byte[] key : List.of(issuedKey, importedKey)) {
                // the private exponent sits well inside the PKCS#8 structure: 64 bytes from its middle must not appear
                byte[] middle = Arrays.copyOfRange(key, key.length / 2, key.length / 2 + 64);
                assertThat(stored.occurrences(middle)).as("raw").isEmpty();
                assertThat(stored.occurrences(Base64.getEncoder().encode(key)).isEmpty()).as("base64").isTrue();
            }
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
