package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * ACM through boto3 (acm_boto3.py): DNS validation against a loopback DNS server, private issuance and export,
 * import, the ListCertificates paginator, tags, account configuration, and the error codes botocore parses.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class AcmBoto3Test {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    @TempDir
    Path home;
    @TempDir
    Path work;

    @Test
    void acmScenario_withBoto3() throws Exception {
        Map<String, String> env = Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", home.toString());
        Processes.run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                work.resolve("k.pem").toString(), "-out", work.resolve("c.pem").toString(), "-days", "10", "-subj", "/CN=imp.boto.example"),
                env, Duration.ofSeconds(60)).requireSuccess("openssl req");
        Processes.run(List.of("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out",
                work.resolve("other.pem").toString()), env, Duration.ofSeconds(60)).requireSuccess("openssl genpkey");
        try (AcmDnsServer dns = new AcmDnsServer(); AcmSmtpSink smtp = new AcmSmtpSink(); Node node = AcmClients.start(dataDir, dns, smtp)) {
            Credentials admin = node.bootstrapCredentials();
            ObjectNode plan = JSON.createObjectNode().put("phase", "request").put("endpoint", node.endpoint()).put("region", "us-east-1")
                    .put("account", node.adminAccountId()).put("ca", PcaRoots.activeRoot(node, "ACM boto3 Root"))
                    .put("import_cert", Files.readString(work.resolve("c.pem"))).put("import_key", Files.readString(work.resolve("k.pem")))
                    .put("other_key", Files.readString(work.resolve("other.pem")));
            plan.putObject("admin").put("access_key", admin.accessKeyId()).put("secret_key", admin.secretAccessKey());
            JsonNode out = run(plan);

            assertThat(out.get("same_token").asBoolean()).isTrue();
            assertThat(out.get("pending_status").asText()).isEqualTo("PENDING_VALIDATION");
            assertThat(out.get("private_status").asText()).isEqualTo("ISSUED");
            assertThat(out.get("exported_key").asText()).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
            AcmClients.verify(out.get("exported_certificate").asText(), out.get("exported_chain").asText(), "svc.boto.internal",
                    Files.createDirectories(work.resolve("private")));
            Path key = Files.writeString(work.resolve("exported.pem"), out.get("exported_key").asText());
            Processes.run(List.of("openssl", "pkey", "-in", key.toString(), "-passin", "pass:boto-passphrase", "-noout"), env,
                    Duration.ofSeconds(30)).requireSuccess("openssl pkey decrypts the exported key");
            assertThat(out.get("tags")).extracting(JsonNode::asText).containsExactly("owner", "stage");
            assertThat(out.get("imported_type").asText()).isEqualTo("IMPORTED");
            assertThat(out.get("listed")).as("default keyTypes list RSA_2048 only, through 1-item pages").hasSize(2);
            assertThat(out.get("issued_only")).hasSize(1);
            assertThat(out.get("days_before_expiry").asInt()).isEqualTo(20);
            assertThat(out.get("searched")).extracting(JsonNode::asText).containsExactly(out.get("private_arn").asText());
            assertThat(out.get("searched_cn").asText()).isEqualTo("svc.boto.internal");
            assertThat(out.get("searched_type").asText()).isEqualTo("PRIVATE");
            assertThat(out.get("search_pending")).extracting(JsonNode::asText).containsExactly(out.get("dns_arn").asText());
            Map<String, String> expected = Map.ofEntries(
                    Map.entry("in_progress", "RequestInProgressException"),
                    Map.entry("bad_arn", "InvalidArnException"),
                    Map.entry("not_found", "ResourceNotFoundException"),
                    Map.entry("pattern", "ValidationException"),
                    Map.entry("key_algorithm", "InvalidParameterException"),
                    Map.entry("renew_public", "ValidationException"),
                    Map.entry("export_imported", "ValidationException"),
                    Map.entry("mismatch", "ValidationException"),
                    Map.entry("days", "ValidationException"),
                    Map.entry("search_union", "ValidationException"),
                    Map.entry("search_token", "ValidationException"));
            expected.forEach((name, code) -> {
                assertThat(out.at("/errors/" + name + "/error").asText()).as("%s: %s", name, out.at("/errors/" + name)).isEqualTo(code);
                assertThat(out.at("/errors/" + name + "/status").asInt()).as(name).isEqualTo(400);
            });
            assertThat(out.at("/errors/mismatch/message").asText()).contains("does not match");

            for (JsonNode record : out.get("records")) {
                assertThat(record.get("Type").asText()).isEqualTo("CNAME");
                dns.put(record.get("Name").asText(), record.get("Value").asText());
            }
            node.citadel().runScheduledJobs();
            node.clock().advance(Duration.ofMinutes(1));
            node.citadel().runScheduledJobs();
            Poll.until("the certificate is issued", Duration.ofSeconds(20), () -> AcmAwsCliTest.issued(node, out.get("dns_arn").asText()));
            plan.put("phase", "issued").put("dns_arn", out.get("dns_arn").asText());
            JsonNode issued = run(plan);
            assertThat(issued.get("status").asText()).isEqualTo("ISSUED");
            assertThat(issued.get("not_after_is_timestamp").asBoolean()).isTrue();
            AcmClients.verify(issued.get("certificate").asText(), issued.get("chain").asText(), "www.boto.example",
                    Files.createDirectories(work.resolve("dns")));
        }
    }

    private JsonNode run(ObjectNode plan) throws Exception {
        Processes.Result result = Processes.run(List.of(Python.executable().toString(), script().toString()), Python.cleanEnv(home),
                Duration.ofSeconds(120), plan.toString()).requireSuccess("acm_boto3.py");
        return JSON.readTree(result.stdout());
    }

    private static Path script() {
        try {
            return Path.of(AcmBoto3Test.class.getResource("/acm_boto3.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
