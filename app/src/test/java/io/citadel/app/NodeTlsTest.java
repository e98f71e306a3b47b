package io.citadel.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citadel.core.crypto.pki.SubjectAlternativeName;
import io.citadel.storage.InMemoryStorage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which TLS the settings ask for, and the bootstrap CA's life: created once, published without its key, renewed leaves. */
class NodeTlsTest {

    @TempDir
    Path dataDir;

    private final InMemoryStorage storage = new InMemoryStorage();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T00:00:00Z"));
    private final PrintStream out = new PrintStream(new ByteArrayOutputStream());

    private NodeTls configure(Map<Setting, String> flags) {
        Map<Setting, String> all = new EnumMap<>(Setting.class);
        all.put(Setting.DATA_DIR, dataDir.toString());
        all.putAll(flags);
        return NodeTls.configure(Config.resolve(all, Map.of()), storage, dataDir, now::get, new SecureRandom(), out);
    }

    @Test
    void noTlsSettings_meanPlainHttp() {
        assertThat(configure(Map.of()).settings()).isNull();
    }

    @Test
    void bootstrap_createsTheCaOnce_publishesOnlyItsCertificate_andRenewsTheLeafTenDaysBeforeExpiry() throws Exception {
        NodeTls first = configure(Map.of(Setting.TLS_BOOTSTRAP, "true"));
        String published = Files.readString(dataDir.resolve("tls/citadel-ca.pem"));
        assertThat(published).doesNotContain("PRIVATE KEY");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dataDir.resolve("tls/citadel-ca.pem")))).isEqualTo("rw-r--r--");
        assertThat(new String(storage.get(BootstrapCa.STORAGE_KEY).orElseThrow())).startsWith("-----BEGIN CERTIFICATE-----")
                .contains("-----BEGIN PRIVATE KEY-----");
        var leaf = first.settings().identity().current();
        assertThat(leaf.chain()).hasSize(2);
        assertThat(leaf.notAfter()).isEqualTo(now.get().minus(BootstrapCa.BACKDATE).plus(BootstrapTlsIdentity.LEAF_VALIDITY));

        NodeTls second = configure(Map.of(Setting.TLS_BOOTSTRAP, "true"));
        assertThat(Files.readString(dataDir.resolve("tls/citadel-ca.pem"))).isEqualTo(published);
        assertThat(second.settings().identity().current().chain().get(1)).isEqualTo(leaf.chain().get(1));

        now.set(now.get().plus(Duration.ofDays(19)));
        assertThat(first.settings().identity().refresh()).isFalse();
        now.set(now.get().plus(Duration.ofDays(2)));
        assertThat(first.settings().identity().refresh()).isTrue();
        assertThat(first.settings().identity().current().serial()).isNotEqualTo(leaf.serial());
        assertThat(first.settings().identity().refresh()).isFalse();
    }

    @Test
    void bootstrapNames_addTheListenAddressAndTheExtraNames() {
        Config config = Config.resolve(Map.of(Setting.HOST, "10.0.0.5", Setting.TLS_BOOTSTRAP_NAMES, "citadel.internal, 192.168.1.9,fd00::1"),
                Map.of());
        assertThat(NodeTls.names(config)).containsExactly(new SubjectAlternativeName.Dns("localhost"),
                new SubjectAlternativeName.Ip("127.0.0.1"), new SubjectAlternativeName.Ip("::1"), new SubjectAlternativeName.Ip("10.0.0.5"),
                new SubjectAlternativeName.Dns("citadel.internal"), new SubjectAlternativeName.Ip("192.168.1.9"),
                new SubjectAlternativeName.Ip("fd00::1"));
        assertThat(NodeTls.names(Config.resolve(Map.of(Setting.HOST, "0.0.0.0"), Map.of()))).hasSize(3);
    }

    @Test
    void misconfigurations_nameTheSettingAndValue() {
        assertThatThrownBy(() -> configure(Map.of(Setting.TLS_BOOTSTRAP, "yes")))
                .isInstanceOf(Config.ConfigException.class).hasMessage("tls-bootstrap: yes (expected: true or false)");
        assertThatThrownBy(() -> configure(Map.of(Setting.TLS_CLIENT_CA_BUNDLE, "/tmp/clients.pem")))
                .isInstanceOf(Config.ConfigException.class)
                .hasMessage("tls-client-ca-bundle: /tmp/clients.pem needs TLS (set tls-certificate and tls-private-key, tls-certificate-arn,"
                        + " or tls-bootstrap true)");
        assertThatThrownBy(() -> configure(Map.of(Setting.TLS_CERTIFICATE, "/tmp/cert.pem", Setting.TLS_PRIVATE_KEY, "/tmp/key.pem",
                Setting.TLS_CERTIFICATE_ARN, "arn:aws:acm:us-east-1:111122223333:certificate/x")))
                .isInstanceOf(Config.ConfigException.class).hasMessageStartingWith("tls-certificate and tls-certificate-arn: give one of them");
        assertThatThrownBy(() -> configure(Map.of(Setting.TLS_CERTIFICATE_ARN, "arn:aws:acm:us-east-1:111122223333:certificate/x")))
                .isInstanceOf(Config.ConfigException.class).hasMessage("tls-certificate-arn: no ACM on this node");
        assertThatThrownBy(() -> configure(Map.of(Setting.TLS_CERTIFICATE, "/tmp/cert.pem")))
                .isInstanceOf(Config.ConfigException.class).hasMessage("tls-certificate and tls-private-key must be given together");
        assertThatThrownBy(() -> configure(Map.of(Setting.TLS_CERTIFICATE, "/nonexistent/cert.pem", Setting.TLS_PRIVATE_KEY, "/nonexistent/key.pem")))
                .isInstanceOf(Config.ConfigException.class).hasMessageStartingWith(
                        "cannot load TLS certificate /nonexistent/cert.pem and private key /nonexistent/key.pem: ");
    }
}
