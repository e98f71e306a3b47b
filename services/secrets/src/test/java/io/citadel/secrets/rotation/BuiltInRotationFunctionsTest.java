package io.citadel.secrets.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.citadel.storage.InMemoryStorage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Resolving RotationLambdaARNs to built-in rotators and registered webhooks, and the webhook registry in storage. */
class BuiltInRotationFunctionsTest {

    private static final String ACCOUNT = "123456789012";
    private static final String REGION = "eu-west-1";
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private final InMemoryStorage storage = new InMemoryStorage();
    private final WebhookRegistry registry = new WebhookRegistry(storage, InstantSource.fixed(NOW), new SecureRandom());
    private final BuiltInRotationFunctions resolver = new BuiltInRotationFunctions(registry, InstantSource.fixed(NOW));

    private static String arn(String region, String account, String name) {
        return "arn:aws:lambda:" + region + ":" + account + ":function:" + name;
    }

    @Test
    void everyTemplateName_resolvesToItsBuiltInRotator() {
        assertThat(BuiltInRotationFunctions.builtInNames()).containsExactlyInAnyOrder(
                "SecretsManagerRDSPostgreSQLRotationSingleUser", "SecretsManagerRDSPostgreSQLRotationMultiUser",
                "SecretsManagerRDSMySQLRotationSingleUser", "SecretsManagerRDSMySQLRotationMultiUser",
                "SecretsManagerRDSMariaDBRotationSingleUser", "SecretsManagerRDSMariaDBRotationMultiUser");
        for (String name : BuiltInRotationFunctions.builtInNames()) {
            RotationFunction f = resolver.find(ACCOUNT, REGION, arn(REGION, ACCOUNT, name)).orElseThrow();
            assertThat(f).isInstanceOf(DatabaseRotator.class);
            assertThat(((DatabaseRotator) f).functionName()).isEqualTo(name);
            assertThat(((DatabaseRotator) f).strategy()).isEqualTo(name.endsWith("MultiUser")
                    ? DatabaseRotator.Strategy.ALTERNATING_USERS : DatabaseRotator.Strategy.SINGLE_USER);
        }
        assertThat(resolver.find(ACCOUNT, REGION, arn(REGION, ACCOUNT, "SecretsManagerRDSPostgreSQLRotationSingleUser") + ":$LATEST"))
                .isPresent();
    }

    @Test
    void arnsOfAnotherAccountOrRegion_orMalformed_resolveToNothing() {
        String name = "SecretsManagerRDSPostgreSQLRotationSingleUser";
        assertThat(resolver.find(ACCOUNT, REGION, arn("us-east-1", ACCOUNT, name))).isEmpty();
        assertThat(resolver.find(ACCOUNT, REGION, arn(REGION, "210987654321", name))).isEmpty();
        assertThat(resolver.find(ACCOUNT, REGION, "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":layer:" + name)).isEmpty();
        assertThat(resolver.find(ACCOUNT, REGION, name)).isEmpty();
        assertThat(resolver.find(ACCOUNT, REGION, arn(REGION, ACCOUNT, "unregistered"))).isEmpty();
    }

    @Test
    void register_returnsTheKeyOnce_storesItUnderTheAccountAndRegion_andListShowsNoKey() {
        WebhookRegistry.Registered r = registry.register(ACCOUNT, REGION, "orders-db", "https://rotator.example/rotate");
        assertThat(r.webhook().functionArn()).isEqualTo(arn(REGION, ACCOUNT, "orders-db"));
        assertThat(Base64.getUrlDecoder().decode(r.signingKey())).hasSize(32);
        assertThat(r.toString()).doesNotContain(r.signingKey());
        assertThat(storage.get(ACCOUNT + "/" + REGION + "/secretsmanager/rotation-webhooks/orders-db")).isPresent();
        assertThat(registry.list(ACCOUNT, REGION)).singleElement().satisfies(w -> {
            assertThat(w.name()).isEqualTo("orders-db");
            assertThat(w.url()).hasToString("https://rotator.example/rotate");
            assertThat(w.createdAt()).isEqualTo(NOW);
            assertThat(w.toString()).doesNotContain(r.signingKey());
        });
        assertThat(registry.list(ACCOUNT, "us-east-1")).isEmpty();
        WebhookRegistry.Registered other = registry.register(ACCOUNT, "us-east-1", "orders-db", "https://rotator.example/rotate");
        assertThat(other.signingKey()).isNotEqualTo(r.signingKey());

        assertThatThrownBy(() -> registry.register(ACCOUNT, REGION, "orders-db", "https://x.example/"))
                .hasMessageContaining("already exists");
        assertThat(registry.remove(ACCOUNT, REGION, "orders-db")).isTrue();
        assertThat(registry.remove(ACCOUNT, REGION, "orders-db")).isFalse();
        assertThat(registry.list(ACCOUNT, REGION)).isEmpty();
    }

    @Test
    void register_refusesBadNamesUrlsAndScopes() {
        assertThatThrownBy(() -> registry.register(ACCOUNT, REGION, "SecretsManagerRDSMySQLRotationSingleUser", "https://x.example/"))
                .hasMessageContaining("built-in");
        assertThatThrownBy(() -> registry.register(ACCOUNT, REGION, "a/b", "https://x.example/")).hasMessageContaining("name: a/b");
        assertThatThrownBy(() -> registry.register(ACCOUNT, REGION, "n", "ftp://x.example/")).hasMessageContaining("scheme ftp");
        assertThatThrownBy(() -> registry.register(ACCOUNT, REGION, "n", "/relative")).hasMessageContaining("scheme missing");
        assertThatThrownBy(() -> registry.register(ACCOUNT, REGION, "n", "https://user:pw@x.example/")).hasMessageContaining("user info")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw"));
        assertThatThrownBy(() -> registry.register("123", REGION, "n", "https://x.example/")).hasMessageContaining("accountId");
        assertThatThrownBy(() -> registry.register(ACCOUNT, "Mars", "n", "https://x.example/")).hasMessageContaining("region: Mars");
    }

    @Test
    void aRegisteredWebhook_resolves_andIsCalledWithItsOwnSigningKey() throws Exception {
        AtomicReference<Boolean> verified = new AtomicReference<>();
        AtomicReference<String> key = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            verified.set(WebhookSignature.verify(key.get(), exchange.getRequestHeaders().getFirst("X-Citadel-Timestamp"),
                    exchange.getRequestHeaders().getFirst("X-Citadel-Signature"), body, NOW, Duration.ofMinutes(5))
                    && new String(body, StandardCharsets.UTF_8).contains("\"Step\":\"testSecret\""));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            WebhookRegistry.Registered r = registry.register(ACCOUNT, REGION, "hook_1",
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/rotate");
            key.set(r.signingKey());
            RotationFunction f = resolver.find(ACCOUNT, REGION, r.webhook().functionArn()).orElseThrow();
            assertThat(f).isInstanceOf(WebhookRotationFunction.class);
            f.run(RotationStep.TEST_SECRET, "db", "tok", null);
            assertThat(verified.get()).isTrue();

            registry.remove(ACCOUNT, REGION, "hook_1");
            assertThat(resolver.find(ACCOUNT, REGION, r.webhook().functionArn())).isEmpty();
        } finally {
            server.stop(0);
        }
    }
}
