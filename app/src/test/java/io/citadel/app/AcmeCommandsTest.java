package io.citadel.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ACME opt-in commands: enable, list, create an EAB key (shown once, sealed at rest), disable; bad input named. */
class AcmeCommandsTest {

    static final String ARN = "arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/abcd-1234";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Main main = new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of());

    private String run(int expectedCode, String... args) {
        out.reset();
        err.reset();
        int code = main.run(args);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(expectedCode);
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void enableListEabKeyDisable() throws Exception {
        String d = dir.toString();
        assertThat(run(0, "admin", "enable-acme", "--data-dir", d, "--name", "main", "--certificate-authority-arn", ARN,
                "--require-external-account-binding", "--validity-days", "30"))
                .contains("ACME directory main enabled: /acme/main/directory").contains("External Account Binding required");
        assertThat(run(0, "admin", "list-acme", "--data-dir", d)).contains("main\t" + ARN + "\ttrue\t30");
        String printed = run(0, "admin", "create-acme-eab-key", "--data-dir", d, "--name", "main");
        String hmac = printed.replaceAll("(?s).*eab_hmac_key = (\\S+).*", "$1");
        assertThat(printed).containsPattern("eab_kid = [A-Za-z0-9_-]{22}");
        assertThat(hmac).hasSize(43);
        try (var files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(hmac);
            }
        }
        assertThat(run(0, "admin", "disable-acme", "--data-dir", d, "--name", "main")).contains("ACME directory main disabled");
        assertThat(run(0, "admin", "list-acme", "--data-dir", d)).doesNotContain("main");
        assertThat(run(1, "admin", "create-acme-eab-key", "--data-dir", d, "--name", "main")).contains("no ACME directory named main");
    }

    @Test
    void badNamesAndArns_areRefusedWithTheRule() {
        String d = dir.toString();
        assertThat(run(1, "admin", "enable-acme", "--data-dir", d, "--name", "Main!", "--certificate-authority-arn", ARN))
                .contains("ACME directory name: Main! (expected: [a-z0-9][a-z0-9-]{0,62})");
        assertThat(run(1, "admin", "enable-acme", "--data-dir", d, "--name", "main", "--certificate-authority-arn", "arn:aws:kms:x"))
                .contains("certificate-authority-arn: arn:aws:kms:x (expected: arn:aws:acm-pca:");
        assertThat(run(1, "admin", "enable-acme", "--data-dir", d, "--name", "main", "--certificate-authority-arn", ARN,
                "--validity-days", "0")).contains("validityDays: 0 (expected: 1..825)");
    }
}
