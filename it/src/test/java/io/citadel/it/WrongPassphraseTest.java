package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citadel.app.Setting;
import io.citadel.storage.SealException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sts.StsClient;

/** A store sealed with one passphrase refuses another, says so, and is left exactly as it was. */
class WrongPassphraseTest {

    private static final String RIGHT = "passphrase A: the one it was sealed with";
    private static final String WRONG = "passphrase B: a different one";

    @TempDir
    Path dataDir;
    @TempDir
    Path home;

    @Test
    void start_withWrongPassphrase_failsClearly_andChangesNoByte() {
        String account;
        try (Node node = Node.builder(dataDir).env(Setting.SEAL_PASSPHRASE, RIGHT).start()) {
            account = node.adminAccountId();
        }
        assertThat(dataDir.resolve("root.key")).as("a passphrase-sealed store needs no key file").doesNotExist();
        Map<String, String> before = hashes(dataDir);

        assertThatThrownBy(() -> Node.builder(dataDir).env(Setting.SEAL_PASSPHRASE, WRONG).start())
                .isInstanceOf(SealException.class)
                .hasMessageContaining("wrong passphrase")
                .hasMessageNotContaining(WRONG).hasMessageNotContaining(RIGHT);
        assertThat(hashes(dataDir)).isEqualTo(before);

        try (Node node = Node.builder(dataDir).env(Setting.SEAL_PASSPHRASE, RIGHT).start();
             StsClient sts = JavaSdk.sts(node.endpoint(), node.bootstrapCredentials())) {
            assertThat(sts.getCallerIdentity().account()).isEqualTo(account);
        }
    }

    @Test
    void jarStart_withWrongPassphrase_exitsNonZero_namingTheProblem() {
        try (Node node = Node.builder(dataDir).env(Setting.SEAL_PASSPHRASE, RIGHT).start()) {
            assertThat(node.identity().accounts()).hasSize(1);
        }
        Map<String, String> before = hashes(dataDir);

        Processes.Result result = CitadelJar.run(home, Map.of("CITADEL_SEAL_PASSPHRASE", WRONG),
                "start", "--port", "0", "--data-dir", dataDir.toString());

        assertThat(result.exitCode()).as("%s", result).isEqualTo(1);
        assertThat(result.stderr()).contains("citadel: cannot unseal: wrong passphrase").doesNotContain(WRONG);
        assertThat(result.stdout()).doesNotContain("Citadel listening");
        assertThat(hashes(dataDir)).isEqualTo(before);
    }

    @Test
    void start_withPassphrase_onKeyFileSealedStore_failsClearly() {
        try (Node node = Node.start(dataDir)) {
            assertThat(node.identity().accounts()).hasSize(1);
        }
        Map<String, String> before = hashes(dataDir);

        assertThatThrownBy(() -> Node.builder(dataDir).env(Setting.SEAL_PASSPHRASE, WRONG).start())
                .isInstanceOf(SealException.class)
                .hasMessageContaining("cannot unseal");
        assertThat(hashes(dataDir)).isEqualTo(before);
    }

    /** File name → SHA-256 of its content, for every file in {@code dir}. */
    private static Map<String, String> hashes(Path dir) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.put(file.getFileName().toString(),
                        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        assertThat(out).containsKey("citadel.db");
        return out;
    }
}
