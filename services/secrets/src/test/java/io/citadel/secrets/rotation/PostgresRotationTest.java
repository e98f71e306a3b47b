package io.citadel.secrets.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.citadel.secrets.rotation.DatabaseRotator.Strategy;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The PostgreSQL rotators against the machine's real PostgreSQL, with an in-memory Secrets Manager. */
class PostgresRotationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIRST_PASSWORD = "first-Password-1";
    private static final String MASTER_PASSWORD = "master-Password-1";

    private final DatabaseRotationFakeSecrets secrets = new DatabaseRotationFakeSecrets();
    private final DatabaseRotator single = BuiltInRotationFunctions.builtIn("SecretsManagerRDSPostgreSQLRotationSingleUser").orElseThrow();
    private final DatabaseRotator multi = BuiltInRotationFunctions.builtIn("SecretsManagerRDSPostgreSQLRotationMultiUser").orElseThrow();
    private PostgresRotationTestDatabase db;

    @BeforeEach
    void setUp() throws Exception {
        db = new PostgresRotationTestDatabase();
    }

    @AfterEach
    void tearDown() throws Exception {
        db.close();
    }

    private static String secretJson(String user, String password, int port, String masterArnOrNull) {
        var node = JSON.createObjectNode().put("engine", "postgres").put("host", "127.0.0.1").put("port", port)
                .put("username", user).put("password", password).put("dbname", "test").put("ssl", false).put("keepme", "x");
        if (masterArnOrNull != null) {
            node.put("masterarn", masterArnOrNull);
        }
        return node.toString();
    }

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void singleUser_rotation_setsTheNewPassword_andTheOldOneNoLongerMatches() throws Exception {
        String user = db.createRole("rot_su", FIRST_PASSWORD, "");
        String arn = secrets.create("app/pg-" + db.suffix, secretJson(user, FIRST_PASSWORD, 5432, null));
        String firstVersion = secrets.currentVersionId(arn);

        String token = secrets.rotate(arn, single);

        JsonNode current = json(secrets.currentValue(arn));
        String newPassword = current.get("password").asText();
        assertThat(secrets.currentVersionId(arn)).isEqualTo(token);
        assertThat(current.get("username").asText()).isEqualTo(user);
        assertThat(current.get("keepme").asText()).as("unknown members are copied").isEqualTo("x");
        assertThat(newPassword).hasSize(32).doesNotContainPattern("[/@\"'\\\\]");
        assertThat(db.passwordIs(user, newPassword)).isTrue();
        assertThat(db.passwordIs(user, FIRST_PASSWORD)).isFalse();
        assertThat(secrets.describeSecret(arn).versionIdsToStages().get(firstVersion)).containsExactly("AWSPREVIOUS");

        secrets.rotate(arn, single);
        String third = json(secrets.currentValue(arn)).get("password").asText();
        assertThat(third).isNotEqualTo(newPassword);
        assertThat(db.passwordIs(user, third)).isTrue();
        assertThat(db.passwordIs(user, newPassword)).isFalse();
    }

    @Test
    void singleUser_everyStepRunTwice_isHarmless() throws Exception {
        String user = db.createRole("rot_re", FIRST_PASSWORD, "");
        String arn = secrets.create("app/pg-re-" + db.suffix, secretJson(user, FIRST_PASSWORD, 5432, null));
        String token = secrets.startRotation(arn);
        for (RotationStep step : RotationStep.values()) {
            single.run(step, arn, token, secrets);
            single.run(step, arn, token, secrets);
        }
        assertThat(secrets.puts).as("createSecret put the pending value once").isEqualTo(1);
        assertThat(secrets.stageMoves).as("finishSecret moved AWSCURRENT once").isEqualTo(1);
        String password = json(secrets.currentValue(arn)).get("password").asText();
        assertThat(db.passwordIs(user, password)).isTrue();
        single.run(RotationStep.FINISH_SECRET, arn, token, secrets);
        assertThat(secrets.currentVersionId(arn)).isEqualTo(token);
    }

    @Test
    void alternatingUsers_createTheCloneWithTheUsersPrivileges_andASecondRotationFlipsBack() throws Exception {
        String master = db.createRole("rot_master", MASTER_PASSWORD, "CREATEROLE");
        String user = db.createRole("rot_app", FIRST_PASSWORD, "");
        String table = db.createTableReadableBy(user);
        String masterArn = secrets.create("rds/master-" + db.suffix, secretJson(master, MASTER_PASSWORD, 5432, null));
        String arn = secrets.create("app/pg-multi-" + db.suffix, secretJson(user, FIRST_PASSWORD, 5432, masterArn));

        secrets.rotate(arn, multi);

        JsonNode current = json(secrets.currentValue(arn));
        String clone = user + "_clone";
        assertThat(current.get("username").asText()).isEqualTo(clone);
        assertThat(current.get("masterarn").asText()).isEqualTo(masterArn);
        String clonePassword = current.get("password").asText();
        assertThat(db.roleExists(clone)).isTrue();
        assertThat(db.passwordIs(clone, clonePassword)).isTrue();
        assertThat(db.selectAs(clone, table)).as("the clone has the user's privileges").isEqualTo(42);
        assertThat(db.passwordIs(user, FIRST_PASSWORD)).as("the other user still works").isTrue();
        assertThat(db.canConnect(user)).isTrue();

        secrets.rotate(arn, multi);

        JsonNode back = json(secrets.currentValue(arn));
        assertThat(back.get("username").asText()).isEqualTo(user);
        String userPassword = back.get("password").asText();
        assertThat(db.passwordIs(user, userPassword)).isTrue();
        assertThat(db.passwordIs(user, FIRST_PASSWORD)).isFalse();
        assertThat(db.passwordIs(clone, clonePassword)).as("the clone keeps working until the next rotation").isTrue();
        assertThat(db.passwordIs(master, MASTER_PASSWORD)).as("the master's password is never touched").isTrue();
    }

    @Test
    void alternatingUsers_quoteIdentifiers_soNamesWithQuotesAndSpacesWork() throws Exception {
        String master = db.createRole("rot_master", MASTER_PASSWORD, "CREATEROLE");
        String user = db.createRole("rot \"q' x; drop role postgres; --", FIRST_PASSWORD, "");
        String masterArn = secrets.create("rds/master-q-" + db.suffix, secretJson(master, MASTER_PASSWORD, 5432, null));
        String arn = secrets.create("app/pg-q-" + db.suffix, secretJson(user, FIRST_PASSWORD, 5432, masterArn));

        secrets.rotate(arn, multi);

        JsonNode current = json(secrets.currentValue(arn));
        assertThat(current.get("username").asText()).isEqualTo(user + "_clone");
        assertThat(db.passwordIs(user + "_clone", current.get("password").asText())).isTrue();
        assertThat(db.roleExists("postgres")).isTrue();
    }

    @Test
    void setPassword_quotesTheLiteral_whateverCharactersItHolds() throws Exception {
        String user = db.createRole("rot_lit", FIRST_PASSWORD, "");
        String nasty = "it's \"q\" \\ $$ ; DROP ROLE postgres; -- E'\\x' ü";
        PostgresRotationDialect dialect = new PostgresRotationDialect();
        DatabaseRotationSecret login = DatabaseRotationSecret.parse(secretJson(user, FIRST_PASSWORD, 5432, null), "test", dialect);
        try (Connection c = dialect.connect(login, Duration.ofSeconds(5))) {
            dialect.setPassword(c, user, nasty);
        }
        assertThat(db.passwordIs(user, nasty)).isTrue();
        assertThat(db.roleExists("postgres")).isTrue();
    }

    @Test
    void databaseDown_failsSetSecret_withoutPasswords_andLeavesAwsCurrentUntouched() throws Exception {
        String user = db.createRole("rot_down", FIRST_PASSWORD, "");
        String arn = secrets.create("app/pg-down-" + db.suffix, secretJson(user, FIRST_PASSWORD, 1, null));
        String before = secrets.currentValue(arn);
        String token = secrets.startRotation(arn);
        single.run(RotationStep.CREATE_SECRET, arn, token, secrets);

        long start = System.nanoTime();
        assertThatThrownBy(() -> single.run(RotationStep.SET_SECRET, arn, token, secrets))
                .isInstanceOf(RotationException.class)
                .hasMessageContaining("setSecret: unable to log into PostgreSQL")
                .satisfies(e -> assertNoSecretIn(e, secrets.allValues()));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThatThrownBy(() -> single.run(RotationStep.TEST_SECRET, arn, token, secrets)).isInstanceOf(RotationException.class)
                .satisfies(e -> assertNoSecretIn(e, secrets.allValues()));
        assertThat(secrets.currentValue(arn)).isEqualTo(before);
        assertThat(db.passwordIs(user, FIRST_PASSWORD)).isTrue();
    }

    @Test
    void alternatingUsers_withAMasterRoleThatCannotLogIn_fail_andLeaveAwsCurrentUntouched() throws Exception {
        String user = db.createRole("rot_nomaster", FIRST_PASSWORD, "");
        String masterArn = secrets.create("rds/master-missing-" + db.suffix,
                secretJson("rot_no_such_role_" + db.suffix, MASTER_PASSWORD, 5432, null));
        String arn = secrets.create("app/pg-nomaster-" + db.suffix, secretJson(user, FIRST_PASSWORD, 5432, masterArn));
        String before = secrets.currentValue(arn);

        assertThatThrownBy(() -> secrets.rotate(arn, multi))
                .isInstanceOf(RotationException.class)
                .hasMessageContaining("with the master secret " + masterArn)
                .satisfies(e -> assertNoSecretIn(e, secrets.allValues()));
        assertThat(secrets.currentValue(arn)).isEqualTo(before);
        assertThat(db.roleExists(user + "_clone")).isFalse();
    }

    @Test
    void secretsThatAreNotRotatable_failWithAMessageNamingTheRule() throws Exception {
        String user = db.createRole("rot_bad", FIRST_PASSWORD, "");
        String noMaster = secrets.create("app/pg-nomasterarn-" + db.suffix, secretJson(user, FIRST_PASSWORD, 5432, null));
        assertThatThrownBy(() -> secrets.rotate(noMaster, multi)).hasMessageContaining("masterarn is missing");

        String mysql = secrets.create("app/pg-engine-" + db.suffix, secretJson(user, FIRST_PASSWORD, 5432, null).replace("\"postgres\"", "\"mysql\""));
        assertThatThrownBy(() -> secrets.rotate(mysql, single)).hasMessageContaining("engine 'mysql'");

        String disabled = secrets.create("app/pg-disabled-" + db.suffix, secretJson(user, FIRST_PASSWORD, 5432, null));
        secrets.disableRotation(disabled);
        assertThatThrownBy(() -> secrets.rotate(disabled, single)).hasMessageContaining("is not enabled for rotation");
        assertThat(db.passwordIs(user, FIRST_PASSWORD)).isTrue();

        assertThatThrownBy(() -> single.run(RotationStep.SET_SECRET, noMaster, "no-such-token-0000000000000000000000", secrets))
                .hasMessageContaining("has no stage for rotation");
        assertThat(secrets.describeSecret(noMaster).versionIdsToStages()).hasSize(2);
        assertThat(Map.copyOf(secrets.describeSecret(noMaster).versionIdsToStages()).values())
                .anySatisfy(stages -> assertThat(stages).isEqualTo(List.of("AWSCURRENT")));
    }

    static void assertNoSecretIn(Throwable e, List<String> secretValues) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            for (String value : secretValues) {
                try {
                    String password = JSON.readTree(value).get("password").asText();
                    assertThat(message).doesNotContain(password);
                } catch (Exception parse) {
                    throw new AssertionError(parse);
                }
            }
        }
    }
}
