package io.citadel.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {

    @TempDir
    Path directory;

    @Test
    void fromFile_readsNamedProfileOnly() throws Exception {
        Path file = Files.writeString(directory.resolve("credentials"), """
                [default]
                aws_access_key_id = AKIADEFAULT
                aws_secret_access_key = default-secret

                # Citadel bootstrap
                [citadel]
                aws_access_key_id=AKIACITADEL
                aws_secret_access_key=citadel/secret+key
                """);

        assertThat(Credentials.fromFile(file, "citadel"))
                .isEqualTo(new Credentials("AKIACITADEL", "citadel/secret+key", null));
    }

    @Test
    void fromFile_missingProfile_namesIt() throws Exception {
        Path file = Files.writeString(directory.resolve("credentials"), "[default]\naws_access_key_id=A\naws_secret_access_key=B\n");

        assertThatThrownBy(() -> Credentials.fromFile(file, "prod")).hasMessageContaining("profile: prod");
    }
}
