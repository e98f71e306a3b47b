package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.storage.sqlite.SqliteStorage;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sts.StsClient;

/** {@code citadel admin rotate-storage-key} in another process while a node keeps serving. */
class StorageKeyRotationTest {

    @TempDir
    Path dataDir;

    @TempDir
    Path home;

    @Test
    void rotationByAnotherProcess_keepsOldValuesReadable_andTheNodeReadsValuesSealedWithTheNewKey() {
        try (Node node = Node.start(dataDir)) {
            String account = node.adminAccountId();
            Processes.Result rotated = CitadelJar.run(home, Map.of(), "admin", "rotate-storage-key", "--data-dir", dataDir.toString());
            assertThat(rotated.exitCode()).as(rotated.toString()).isZero();
            assertThat(rotated.stdout()).contains("keyring version 2");

            Processes.Result issued = CitadelJar.run(home, Map.of(), "admin", "create-access-key",
                    "--data-dir", dataDir.toString(), "--account", account);
            assertThat(issued.exitCode()).as(issued.toString()).isZero();
            Credentials newCredentials = Credentials.fromLines(issued.stdout());
            String newKeyId = newCredentials.accessKeyId();

            try (StsClient oldKey = JavaSdk.sts(node.endpoint(), node.bootstrapCredentials());
                 StsClient newKey = JavaSdk.sts(node.endpoint(), newCredentials)) {
                assertThat(oldKey.getCallerIdentity().account()).isEqualTo(account);
                assertThat(newKey.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::" + account + ":root");
            }
            assertThat(sealedVersion("global/iam/access-keys/" + newKeyId)).isEqualTo(2);
            assertThat(sealedVersion("global/iam/access-keys/" + node.bootstrapCredentials().accessKeyId())).isEqualTo(1);
        }
    }

    /** The keyring version in a sealed value's header (format byte, then the version as 4 bytes). */
    private int sealedVersion(String key) {
        try (SqliteStorage raw = SqliteStorage.open(dataDir)) {
            byte[] sealed = raw.get(key).orElseThrow();
            return ByteBuffer.wrap(sealed, 1, 4).getInt();
        }
    }
}
