package io.citadel.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.secrets.rotation.RotationException;
import io.citadel.secrets.rotation.RotationSecrets;
import io.citadel.secrets.rotation.RotationStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SecretsConcurrencyTest {

    private final SecretsHarness h = new SecretsHarness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void concurrentPuts_allLand_andExactlyOneVersionIsCurrentAndOnePrevious() throws Exception {
        h.create("busy", "v0");
        List<Future<String>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 40; i++) {
                String value = "v" + (i + 1);
                futures.add(pool.submit(() -> h.secrets().writes().putValue(h.a(), "busy", null, value, null, null).versionId()));
            }
        }
        for (Future<String> f : futures) {
            assertThat(f.get()).isNotNull();
        }
        StoredSecret s = h.describe("busy");
        assertThat(s.versions()).hasSize(41);
        assertThat(s.versions().stream().filter(v -> v.stages().contains("AWSCURRENT"))).hasSize(1);
        assertThat(s.versions().stream().filter(v -> v.stages().contains("AWSPREVIOUS"))).hasSize(1);
        assertThat(s.versions().getLast().stages()).containsExactly("AWSCURRENT");
        assertThat(h.current("busy")).isEqualTo(h.secrets().reads().get(h.a(), "busy", s.versions().getLast().versionId(), null).secretString());
    }

    @Test
    void aRotationFunction_readsOtherSecretsOfItsAccount_only() {
        h.create("master", "{\"username\":\"admin\",\"password\":\"m\"}");
        String otherAccount = h.secrets().writes().create(h.b(), new SecretWrites.CreateInput("master", null, null, null, "b's", null,
                null, null, false)).written().arn();
        List<Optional<RotationSecrets.Version>> seen = new ArrayList<>();
        h.functions.put(h.lambda(), (step, id, token, secrets) -> {
            if (step == RotationStep.CREATE_SECRET) {
                seen.add(secrets.getSecretValue("master", null, "AWSCURRENT"));
                seen.add(secrets.getSecretValue(otherAccount, null, null));
                secrets.putSecretValue(id, token, "{\"password\":\"" + secrets.randomPassword(16, "") + "\"}", List.of("AWSPENDING"));
            }
            if (step == RotationStep.FINISH_SECRET) {
                RotationSecrets.Description d = secrets.describeSecret(id);
                String current = d.versionIdsToStages().entrySet().stream().filter(e -> e.getValue().contains("AWSCURRENT"))
                        .map(java.util.Map.Entry::getKey).findFirst().orElseThrow(() -> new RotationException("no current"));
                secrets.updateSecretVersionStage(id, "AWSCURRENT", token, current);
            }
        });
        h.create("app", "{\"password\":\"old\"}");
        h.secrets().rotation().rotate(h.a(), "app", null, h.lambda(), null, null);
        h.node1.runRotations();
        assertThat(seen.get(0)).hasValueSatisfying(v -> assertThat(v.secretString()).contains("admin"));
        assertThat(seen.get(1)).isEmpty();
        assertThat(h.current("app")).doesNotContain("old");
        assertThat(h.describe("app").nextRotationDate()).isNull();
    }
}
