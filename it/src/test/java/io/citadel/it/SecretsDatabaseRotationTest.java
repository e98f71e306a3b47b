package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Rotation through a real node and the AWS SDK for Java v2 against the machine's real databases,
 * with the node's own built-in rotation functions (named by AWS's rotation template names):
 * MariaDB checks passwords on every login, so logins prove the change; the machine's PostgreSQL
 * trusts loopback logins, so there the role's stored SCRAM verifier proves it.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SecretsDatabaseRotationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARIADB = "jdbc:mariadb://127.0.0.1:3306/";
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/postgres";

    @TempDir
    Path dataDir;

    private final String suffix = HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
    private final List<String> mariaUsers = new java.util.ArrayList<>();
    private final List<String> postgresRoles = new java.util.ArrayList<>();

    @AfterEach
    void dropUsers() throws SQLException {
        try (Connection root = DriverManager.getConnection(MARIADB, "root", ""); Statement s = root.createStatement()) {
            for (String u : mariaUsers) {
                s.execute("DROP USER IF EXISTS '" + u + "'@'%'");
            }
        }
        try (Connection admin = DriverManager.getConnection(POSTGRES, "postgres", ""); Statement s = admin.createStatement()) {
            for (String r : postgresRoles) {
                s.execute("DROP ROLE IF EXISTS \"" + r + "\"");
            }
        }
    }

    private static String lambda(Node node, String function) {
        return "arn:aws:lambda:us-east-1:" + node.adminAccountId() + ":function:" + function;
    }

    private static JsonNode current(SecretsManagerClient sm, String id) throws Exception {
        return JSON.readTree(sm.getSecretValue(b -> b.secretId(id)).secretString());
    }

    private static boolean mariaLogin(String user, String password) {
        try (Connection c = DriverManager.getConnection(MARIADB, user, password)) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Rotates now and waits until AWSCURRENT moved off {@code before}. */
    private static void rotate(Node node, SecretsManagerClient sm, String id, String before, String function) {
        sm.rotateSecret(b -> b.secretId(id).rotationLambdaARN(lambda(node, function)).rotationRules(r -> r.automaticallyAfterDays(30L)));
        Poll.until("rotation of " + id, Duration.ofSeconds(60), () -> {
            node.citadel().runScheduledJobs();
            return !sm.getSecretValue(b -> b.secretId(id)).versionId().equals(before);
        });
    }

    @Test
    void mariadbSingleUser_newPasswordLogsIn_oldOneNoLonger_andTheScheduleRotatesAgain() throws Exception {
        String user = "citadel_it_" + suffix;
        mariaUsers.add(user);
        try (Connection root = DriverManager.getConnection(MARIADB, "root", "");
             PreparedStatement ps = root.prepareStatement("CREATE USER '" + user + "'@'%' IDENTIFIED BY ?")) {
            ps.setString(1, "first-password-1");
            ps.execute();
        }
        try (Node node = Node.start(dataDir); SecretsManagerClient sm = SecretsClients.secretsOnNodeClock(node, node.bootstrapCredentials())) {
            String id = "db/maria/" + suffix;
            String v1 = sm.createSecret(b -> b.name(id).secretString("{\"engine\":\"mariadb\",\"host\":\"127.0.0.1\",\"port\":3306,"
                    + "\"username\":\"" + user + "\",\"password\":\"first-password-1\"}")).versionId();

            rotate(node, sm, id, v1, "SecretsManagerRDSMariaDBRotationSingleUser");
            String second = current(sm, id).path("password").asText();
            assertThat(second).isNotEqualTo("first-password-1").hasSizeGreaterThanOrEqualTo(20);
            assertThat(mariaLogin(user, second)).as("new password").isTrue();
            assertThat(mariaLogin(user, "first-password-1")).as("old password").isFalse();
            var described = sm.describeSecret(b -> b.secretId(id));
            assertThat(described.rotationEnabled()).isTrue();
            assertThat(described.lastRotatedDate()).isNotNull();
            assertThat(JSON.readTree(sm.getSecretValue(b -> b.secretId(id).versionStage("AWSPREVIOUS")).secretString())
                    .path("password").asText()).isEqualTo("first-password-1");

            String v2 = sm.getSecretValue(b -> b.secretId(id)).versionId();
            node.clock().advance(Duration.ofDays(31));
            Poll.until("the scheduled rotation", Duration.ofSeconds(60), () -> {
                node.citadel().runScheduledJobs();
                return !sm.getSecretValue(b -> b.secretId(id)).versionId().equals(v2);
            });
            String third = current(sm, id).path("password").asText();
            assertThat(mariaLogin(user, third)).isTrue();
            assertThat(mariaLogin(user, second)).isFalse();
        }
    }

    @Test
    void mariadbAlternatingUsers_theCloneGetsTheNewPassword_andTheOtherUserStillWorks() throws Exception {
        String admin = "citadel_adm_" + suffix;
        String app = "citadel_app_" + suffix;
        mariaUsers.addAll(List.of(admin, app, app + "_clone"));
        try (Connection root = DriverManager.getConnection(MARIADB, "root", ""); Statement s = root.createStatement()) {
            s.execute("CREATE USER '" + admin + "'@'%' IDENTIFIED BY 'master-password-1'");
            s.execute("GRANT ALL PRIVILEGES ON *.* TO '" + admin + "'@'%' WITH GRANT OPTION");
            s.execute("CREATE USER '" + app + "'@'%' IDENTIFIED BY 'app-password-1'");
            s.execute("GRANT SELECT ON test.* TO '" + app + "'@'%'");
        }
        try (Node node = Node.start(dataDir); SecretsManagerClient sm = SecretsClients.secretsOnNodeClock(node, node.bootstrapCredentials())) {
            String masterArn = sm.createSecret(b -> b.name("db/master/" + suffix).secretString("{\"engine\":\"mariadb\","
                    + "\"host\":\"127.0.0.1\",\"port\":3306,\"username\":\"" + admin + "\",\"password\":\"master-password-1\"}")).arn();
            String id = "db/app/" + suffix;
            String v1 = sm.createSecret(b -> b.name(id).secretString("{\"engine\":\"mariadb\",\"host\":\"127.0.0.1\",\"port\":3306,"
                    + "\"username\":\"" + app + "\",\"password\":\"app-password-1\",\"dbname\":\"test\",\"masterarn\":\"" + masterArn + "\"}"))
                    .versionId();

            rotate(node, sm, id, v1, "SecretsManagerRDSMariaDBRotationMultiUser");
            JsonNode rotated = current(sm, id);
            assertThat(rotated.path("username").asText()).isEqualTo(app + "_clone");
            assertThat(mariaLogin(app + "_clone", rotated.path("password").asText())).as("the clone, new password").isTrue();
            assertThat(mariaLogin(app, "app-password-1")).as("the other user still works").isTrue();
        }
    }

    @Test
    void postgresSingleUser_theRolesStoredVerifierMatchesTheNewPassword_notTheOld() throws Exception {
        String role = "citadel_it_" + suffix;
        postgresRoles.add(role);
        try (Connection admin = DriverManager.getConnection(POSTGRES, "postgres", ""); Statement s = admin.createStatement()) {
            s.execute("SET password_encryption = 'scram-sha-256'");
            s.execute("CREATE ROLE \"" + role + "\" LOGIN PASSWORD 'first-password-1'");
        }
        try (Node node = Node.start(dataDir); SecretsManagerClient sm = SecretsClients.secretsOnNodeClock(node, node.bootstrapCredentials())) {
            String id = "db/pg/" + suffix;
            String v1 = sm.createSecret(b -> b.name(id).secretString("{\"engine\":\"postgres\",\"host\":\"127.0.0.1\",\"port\":5432,"
                    + "\"username\":\"" + role + "\",\"password\":\"first-password-1\",\"dbname\":\"postgres\"}")).versionId();
            assertThat(verifierMatches(role, "first-password-1")).isTrue();

            rotate(node, sm, id, v1, "SecretsManagerRDSPostgreSQLRotationSingleUser");
            String rotated = current(sm, id).path("password").asText();
            assertThat(rotated).isNotEqualTo("first-password-1");
            assertThat(verifierMatches(role, rotated)).as("new password").isTrue();
            assertThat(verifierMatches(role, "first-password-1")).as("old password").isFalse();
        }
    }

    /** Whether the role's SCRAM-SHA-256 verifier (pg_authid) was made from {@code password}. */
    private static boolean verifierMatches(String role, String password) throws Exception {
        String verifier;
        try (Connection admin = DriverManager.getConnection(POSTGRES, "postgres", "");
             PreparedStatement ps = admin.prepareStatement("SELECT rolpassword FROM pg_authid WHERE rolname = ?")) {
            ps.setString(1, role);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                verifier = rs.getString(1);
            }
        }
        String[] parts = verifier.split("[$:]"); // SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>
        assertThat(parts).hasSize(5);
        assertThat(parts[0]).isEqualTo("SCRAM-SHA-256");
        byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(new PBEKeySpec(password.toCharArray(),
                Base64.getDecoder().decode(parts[2]), Integer.parseInt(parts[1]), 256)).getEncoded();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salted, "HmacSHA256"));
        byte[] clientKey = mac.doFinal("Client Key".getBytes(StandardCharsets.US_ASCII));
        return MessageDigest.isEqual(MessageDigest.getInstance("SHA-256").digest(clientKey), Base64.getDecoder().decode(parts[3]));
    }
}
