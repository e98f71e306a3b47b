package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.citadel.app.Setting;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * {@code tls-bootstrap true}: the node serves HTTPS with a certificate from its own CA, publishes only the CA
 * certificate for clients, keeps the CA across restarts and renews its certificate before it expires.
 */
class TlsBootstrapTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path home;

    @Test
    void bootstrap_servesHttps_theAwsCliAndJavaSdkTrustThePublishedCa_andARestartKeepsTheCa() throws Exception {
        Path caFile = dataDir.resolve("tls/citadel-ca.pem");
        String firstCa;
        try (Node node = Node.builder(dataDir).flag(Setting.TLS_BOOTSTRAP, "true").start()) {
            assertThat(node.endpoint()).isEqualTo("https://127.0.0.1:" + node.port());
            assertThat(node.citadel().tlsCaFile()).isEqualTo(caFile);
            assertThat(node.printed()).contains("clients trust " + caFile.toAbsolutePath());
            firstCa = Files.readString(caFile);
            assertThat(firstCa).startsWith("-----BEGIN CERTIFICATE-----").doesNotContain("PRIVATE KEY");
            assertThat(firstCa.split("BEGIN CERTIFICATE", -1)).hasSize(2);

            String account = node.adminAccountId();
            assertThat(awsCliIdentity(node, caFile).get("Account").asText()).isEqualTo(account);
            assertThat(awsCliIdentityWithoutBundle(node).exitCode()).as("without the CA bundle").isNotZero();
            try (StsClient sts = sts(node, caFile)) {
                GetCallerIdentityResponse identity = sts.getCallerIdentity();
                assertThat(identity.account()).isEqualTo(account);
                assertThat(identity.arn()).isEqualTo("arn:aws:iam::" + account + ":root");
            }
            assertThat(filesContaining(dataDir, "PRIVATE KEY")).as("files holding a private key in the clear").isEmpty();
        }
        try (Node restarted = Node.builder(dataDir).flag(Setting.TLS_BOOTSTRAP, "true").start()) {
            assertThat(Files.readString(caFile)).as("the same CA after a restart").isEqualTo(firstCa);
            assertThat(awsCliIdentity(restarted, caFile).get("Account").asText()).isEqualTo(restarted.adminAccountId());
        }
    }

    @Test
    void bootstrapCertificate_isRenewedBeforeItExpires_onTheNodesClock_whileOpenConnectionsKeepWorking() throws Exception {
        try (Node node = Node.builder(dataDir).flag(Setting.TLS_BOOTSTRAP, "true").start()) {
            X509Certificate ca = certificate(Files.readString(node.citadel().tlsCaFile()));
            try (SSLSocket kept = connect(node.port(), trusting(ca))) {
                assertThat(RawTls.health(kept)).isEqualTo("HTTP/1.1 200 OK");
                X509Certificate first = RawTls.peer(kept);
                assertThat(first.getNotAfter().toInstant()).isAfter(node.clock().instant().plus(Duration.ofDays(29)));

                node.clock().advance(Duration.ofDays(19));
                node.citadel().refreshTls();
                try (SSLSocket early = connect(node.port(), trusting(ca))) {
                    assertThat(RawTls.peer(early).getSerialNumber()).as("not due yet").isEqualTo(first.getSerialNumber());
                }

                node.clock().advance(Duration.ofDays(2));
                node.citadel().refreshTls();
                assertThat(RawTls.health(kept)).as("the open connection after the renewal").isEqualTo("HTTP/1.1 200 OK");
                // the renewed certificate starts on the node's (advanced) clock, in the real future: read it without judging its dates
                try (SSLSocket fresh = connect(node.port(), recordingOnly())) {
                    X509Certificate renewed = RawTls.peer(fresh);
                    assertThat(renewed.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
                    renewed.verify(ca.getPublicKey());
                    assertThat(renewed.getNotAfter().toInstant()).isAfter(node.clock().instant().plus(Duration.ofDays(29)));
                    assertThat(RawTls.health(fresh)).isEqualTo("HTTP/1.1 200 OK");
                }
                assertThat(RawTls.health(kept)).isEqualTo("HTTP/1.1 200 OK");
                assertThat(RawTls.peer(kept).getSerialNumber()).isEqualTo(first.getSerialNumber());
            }
        }
    }

    private JsonNode awsCliIdentity(Node node, Path caFile) throws IOException {
        List<String> command = new ArrayList<>(Python.awsCli());
        command.addAll(List.of("--endpoint-url", node.endpoint(), "--ca-bundle", caFile.toString(), "--output", "json",
                "sts", "get-caller-identity"));
        Processes.Result result = Processes.run(command, cliEnv(node), Duration.ofSeconds(60)).requireSuccess("aws");
        return new ObjectMapper().readTree(result.stdout());
    }

    private Processes.Result awsCliIdentityWithoutBundle(Node node) {
        List<String> command = new ArrayList<>(Python.awsCli());
        command.addAll(List.of("--endpoint-url", node.endpoint(), "--output", "json", "sts", "get-caller-identity"));
        return Processes.run(command, cliEnv(node), Duration.ofSeconds(60));
    }

    private Map<String, String> cliEnv(Node node) {
        Map<String, String> env = Python.cleanEnv(home);
        env.put("AWS_SHARED_CREDENTIALS_FILE", node.bootstrapFile().toString());
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_MAX_ATTEMPTS", "1");
        return env;
    }

    private static StsClient sts(Node node, Path caFile) throws Exception {
        TrustManager[] trust = trustManagers(certificate(Files.readString(caFile)));
        Credentials credentials = node.bootstrapCredentials();
        return StsClient.builder()
                .endpointOverride(URI.create(node.endpoint()))
                .region(Region.US_EAST_1)
                .httpClient(Apache5HttpClient.builder().tlsTrustManagersProvider(() -> trust).build())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey())))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(Duration.ofSeconds(20)))
                .build();
    }

    private static SSLSocket connect(int port, SSLContext context) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(5000);
        socket.startHandshake();
        return socket;
    }

    private static SSLContext trusting(X509Certificate ca) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers(ca), null);
        return context;
    }

    private static TrustManager[] trustManagers(X509Certificate ca) throws GeneralSecurityException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("citadel-ca", ca);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Accepts any server certificate: only for reading a certificate whose validity starts in the real future. */
    private static SSLContext recordingOnly() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return context;
    }

    static X509Certificate certificate(String pem) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private static List<Path> filesContaining(Path dir, String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.US_ASCII);
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(f -> {
                try {
                    return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)
                            .contains(new String(needle, StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
