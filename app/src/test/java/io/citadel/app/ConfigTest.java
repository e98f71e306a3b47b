package io.citadel.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {

    @TempDir
    Path dir;

    @Test
    void precedence_isFlagThenEnvironmentThenFileThenDefault() throws IOException {
        Path file = dir.resolve("citadel.properties");
        Files.writeString(file, "port=1111\nhost=10.0.0.1\ndata-dir=/from/file\n");
        Config config = Config.resolve(Map.of(Setting.PORT, "3333"),
                Map.of("CITADEL_CONFIG", file.toString(), "CITADEL_PORT", "2222", "CITADEL_HOST", "127.0.0.2"));
        assertThat(config.get(Setting.PORT)).isEqualTo("3333");
        assertThat(config.get(Setting.HOST)).isEqualTo("127.0.0.2");
        assertThat(config.get(Setting.DATA_DIR)).isEqualTo("/from/file");
        assertThat(config.get(Setting.STORAGE)).isEqualTo("sqlite");
    }

    @Test
    void unknownKeyInFile_isRejectedByName() throws IOException {
        Path file = dir.resolve("citadel.properties");
        Files.writeString(file, "prot=1\n");
        assertThatThrownBy(() -> Config.resolve(Map.of(Setting.CONFIG, file.toString()), Map.of()))
                .isInstanceOf(Config.ConfigException.class).hasMessageContaining("unknown setting 'prot'");
    }

    @Test
    void badInteger_namesTheSettingAndRange() {
        Config config = Config.resolve(Map.of(Setting.PORT, "70000"), Map.of());
        assertThatThrownBy(() -> config.integer(Setting.PORT, 0, 65535))
                .hasMessage("port: 70000 (expected: 0..65535)");
    }

    @Test
    void secrets_haveNoFlag() {
        assertThat(Setting.SEAL_PASSPHRASE.flag()).isNull();
        assertThat(Setting.POSTGRES_PASSWORD.flag()).isNull();
        assertThat(Setting.BOOTSTRAP_SECRET_ACCESS_KEY.flag()).isNull();
    }

    @Test
    void readmeConfigurationTable_matchesTheSettings() throws IOException {
        List<String> expected = new ArrayList<>();
        for (Setting s : Setting.values()) {
            expected.add("| " + s.fileKey() + " | " + s.envVar() + " | " + (s.flag() == null ? "" : s.flag()) + " | "
                    + (s.defaultValue() == null ? "" : s.defaultValue()) + " | " + s.description() + " |");
        }
        List<String> rows = Files.readAllLines(Path.of("..", "README.md")).stream()
                .filter(line -> line.startsWith("| ") && line.contains(" | CITADEL_"))
                .map(line -> line.replace("|  |", "| |").replace("|  |", "| |"))
                .toList();
        List<String> normalizedExpected = expected.stream().map(l -> l.replace("|  |", "| |").replace("|  |", "| |")).toList();
        assertThat(rows).containsExactlyElementsOf(normalizedExpected);
    }
}
