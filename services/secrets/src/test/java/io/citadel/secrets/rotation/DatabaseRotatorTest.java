package io.citadel.secrets.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rotators' rules that need no database: parsing the secret JSON, user names, hosts, the guards. */
class DatabaseRotatorTest {

    private static final DatabaseRotationDialect POSTGRES = new PostgresRotationDialect();
    private static final DatabaseRotationDialect MYSQL = new MySqlRotationDialect(MySqlRotationDialect.Flavor.MYSQL);

    @Test
    void parse_readsTheMembers_acceptsPortAsNumberOrString_andKeepsUnknownMembers() throws Exception {
        DatabaseRotationSecret s = DatabaseRotationSecret.parse(
                "{\"engine\":\"postgres\",\"host\":\"db.internal\",\"port\":\"6432\",\"username\":\"app\",\"password\":\"pw-123\",\"x\":[1]}",
                "t", POSTGRES);
        assertThat(s.port(POSTGRES)).isEqualTo(6432);
        assertThat(s.dbnameOrNull()).isNull();
        assertThat(s.withPassword("new").json()).contains("\"x\":[1]").contains("\"password\":\"new\"");
        assertThat(s.toString()).doesNotContain("pw-123");
        DatabaseRotationSecret noPort = DatabaseRotationSecret.parse(
                "{\"engine\":\"mysql\",\"host\":\"h\",\"username\":\"u\",\"password\":\"p\"}", "t", MYSQL);
        assertThat(noPort.port(MYSQL)).isEqualTo(3306);
    }

    @Test
    void parse_namesWhatIsWrong_withoutShowingValues() {
        assertThatThrownBy(() -> DatabaseRotationSecret.parse("{\"engine\":\"postgres\",\"host\":\"h\",\"username\":\"u\"}", "AWSCURRENT of s", POSTGRES))
                .hasMessage("AWSCURRENT of s: password is missing from the secret JSON (expected: a non-empty string)");
        assertThatThrownBy(() -> DatabaseRotationSecret.parse("not json secret-pw", "t", POSTGRES))
                .hasMessageNotContaining("secret-pw").hasMessageContaining("is not JSON");
        assertThatThrownBy(() -> DatabaseRotationSecret.parse(
                "{\"engine\":\"oracle\",\"host\":\"h\",\"username\":\"u\",\"password\":\"p\"}", "t", POSTGRES))
                .hasMessageContaining("engine 'oracle'").hasMessageContaining("postgres");
        assertThatThrownBy(() -> DatabaseRotationSecret.parse(
                "{\"engine\":\"postgres\",\"host\":\"h\",\"port\":70000,\"username\":\"u\",\"password\":\"p\"}", "t", POSTGRES))
                .hasMessageContaining("port 70000 (expected: 1..65535)");
    }

    @Test
    void alternateUsername_flipsBetweenUserAndClone_withinTheDatabasesLimit() throws Exception {
        assertThat(DatabaseRotator.alternateUsername("app", 63)).isEqualTo("app_clone");
        assertThat(DatabaseRotator.alternateUsername("app_clone", 63)).isEqualTo("app");
        assertThatThrownBy(() -> DatabaseRotator.alternateUsername("a".repeat(27), MYSQL.maxUsernameLength()))
                .hasMessageContaining("would exceed 32 characters");
        assertThatThrownBy(() -> DatabaseRotator.alternateUsername("_clone", 63)).hasMessageContaining("nothing before");
    }

    @Test
    void hosts_thatCouldCarryUrlParts_areRefused() throws Exception {
        assertThat(DatabaseRotationHosts.urlHost("db-1.internal")).isEqualTo("db-1.internal");
        assertThat(DatabaseRotationHosts.urlHost("10.0.0.7")).isEqualTo("10.0.0.7");
        assertThat(DatabaseRotationHosts.urlHost("::1")).isEqualTo("[::1]");
        assertThat(DatabaseRotationHosts.urlHost("[fe80::1]")).isEqualTo("[fe80::1]");
        for (String bad : List.of("h/x", "h?sslmode=disable", "h:5432/db", "user@h", "h#", "")) {
            assertThatThrownBy(() -> DatabaseRotationHosts.urlHost(bad)).as(bad).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void alternatingUsers_refuseAPendingUserThatIsNotTheAlternate_soTheMasterIsNeverReset() throws Exception {
        DatabaseRotationFakeSecrets secrets = new DatabaseRotationFakeSecrets();
        String master = secrets.create("master", "{\"engine\":\"postgres\",\"host\":\"127.0.0.1\",\"port\":1,\"username\":\"postgres\",\"password\":\"m\"}");
        String arn = secrets.create("app", "{\"engine\":\"postgres\",\"host\":\"127.0.0.1\",\"port\":1,\"username\":\"app\",\"password\":\"p\","
                + "\"masterarn\":\"" + master + "\"}");
        String token = secrets.startRotation(arn);
        secrets.putSecretValue(arn, token, "{\"engine\":\"postgres\",\"host\":\"127.0.0.1\",\"port\":1,\"username\":\"postgres\","
                + "\"password\":\"evil\",\"masterarn\":\"" + master + "\"}", List.of("AWSPENDING"));
        DatabaseRotator multi = BuiltInRotationFunctions.builtIn("SecretsManagerRDSPostgreSQLRotationMultiUser").orElseThrow();
        assertThatThrownBy(() -> multi.run(RotationStep.SET_SECRET, arn, token, secrets))
                .hasMessageContaining("is not the alternate of the AWSCURRENT username (expected: app_clone)");
    }

    @Test
    void aStaleToken_thatLostAwsPending_isRefused_andACurrentTokenIsANoOp() throws Exception {
        DatabaseRotationFakeSecrets secrets = new DatabaseRotationFakeSecrets();
        String arn = secrets.create("app", "{\"engine\":\"postgres\",\"host\":\"127.0.0.1\",\"port\":1,\"username\":\"app\",\"password\":\"p\"}");
        DatabaseRotator single = BuiltInRotationFunctions.builtIn("SecretsManagerRDSPostgreSQLRotationSingleUser").orElseThrow();
        String stale = secrets.startRotation(arn);
        single.run(RotationStep.CREATE_SECRET, arn, stale, secrets);
        String fresh = secrets.startRotation(arn); // a new rotation took AWSPENDING away
        // The stale version lost its last label, so DescribeSecret no longer lists it (as in AWS).
        assertThatThrownBy(() -> single.run(RotationStep.SET_SECRET, arn, stale, secrets)).hasMessageContaining("has no stage for rotation");
        assertThatThrownBy(() -> single.run(RotationStep.CREATE_SECRET, arn, stale, secrets)).hasMessageContaining("ResourceExistsException");
        assertThat(secrets.describeSecret(arn).versionIdsToStages().get(fresh)).containsExactly("AWSPENDING");
        single.run(RotationStep.CREATE_SECRET, arn, fresh, secrets);
        secrets.putSecretValue(arn, fresh, secrets.getSecretValue(arn, fresh, "AWSPENDING").orElseThrow().secretString(),
                List.of("AWSPENDING"));
        String labelled = secrets.describeSecret(arn).versionIdsToStages().entrySet().stream()
                .filter(e -> e.getValue().contains("AWSPENDING")).map(java.util.Map.Entry::getKey).findFirst().orElseThrow();
        assertThat(labelled).isEqualTo(fresh);
        // A version with labels, but not AWSPENDING, is refused.
        String previous = secrets.currentVersionId(arn);
        secrets.update(arn, secrets.currentValue(arn));
        assertThat(secrets.describeSecret(arn).versionIdsToStages().get(previous)).containsExactly("AWSPREVIOUS");
        assertThatThrownBy(() -> single.run(RotationStep.TEST_SECRET, arn, previous, secrets)).hasMessageContaining("is not AWSPENDING");

        String current = secrets.currentVersionId(arn);
        for (RotationStep step : RotationStep.values()) {
            single.run(step, arn, current, secrets); // already AWSCURRENT: nothing to do, even with the database down
        }
        assertThat(secrets.puts).isEqualTo(3);
    }
}
