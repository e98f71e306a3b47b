package io.citadel.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.secrets.rotation.BuiltInRotationFunctions;
import io.citadel.secrets.rotation.WebhookRegistry;
import io.citadel.secrets.rotation.WebhookRotationFunction;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code citadel admin register-rotation-webhook}: prints the ARN and key once, keeps the key only in sealed storage. */
class WebhookCommandTest {

    @TempDir
    Path dir;

    @Test
    void register_printsTheArnAndKey_andTheResolverFindsTheWebhook() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Main main = new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        int code = main.run("admin", "register-rotation-webhook", "--data-dir", dir.toString(), "--account", "123456789012",
                "--region", "us-west-2", "--name", "orders-rotator", "--url", "https://rotator.example/hook");
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("RotationLambdaARN = arn:aws:lambda:us-west-2:123456789012:function:orders-rotator");
        String key = printed.replaceAll("(?s).*signing_key = (\\S+).*", "$1");
        assertThat(key).hasSize(43);

        int again = main.run("admin", "register-rotation-webhook", "--data-dir", dir.toString(), "--account", "123456789012",
                "--region", "us-west-2", "--name", "orders-rotator", "--url", "https://rotator.example/hook");
        assertThat(again).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("already exists");

        try (OpenStorage storage = OpenStorage.open(Config.resolve(Map.of(Setting.DATA_DIR, dir.toString()), Map.of()))) {
            WebhookRegistry registry = new WebhookRegistry(storage.sealed(), Clock.systemUTC(), new SecureRandom());
            assertThat(new BuiltInRotationFunctions(registry, Clock.systemUTC())
                    .find("123456789012", "us-west-2", "arn:aws:lambda:us-west-2:123456789012:function:orders-rotator"))
                    .get().isInstanceOf(WebhookRotationFunction.class);
        }
        try (var files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(key);
            }
        }
    }
}
