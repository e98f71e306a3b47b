package io.citadel.secrets.rotation;

import static io.citadel.secrets.rotation.PostgresRotationTest.assertNoSecretIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The MariaDB rotators against the machine's real MariaDB, with an in-memory Secrets Manager. */
class MySqlRotationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIRST_PASSWORD = "first-Password-1";
    private static final String MASTER_PASSWORD = "master-Password-1";

    private final DatabaseRotationFakeSecrets secrets = new DatabaseRotationFakeSecrets();
    private final DatabaseRotator single = BuiltInRotationFunctions.builtIn("SecretsManagerRDSMariaDBRotationSingleUser").orElseThrow();
    private final DatabaseRotator multi = BuiltInRotationFunctions.builtIn("SecretsManagerRDSMariaDBRotationMultiUser").orElseThrow();
    private MySqlRotationTestDatabase db;

    @BeforeEach
    void setUp() throws Exception {
        db = new MySqlRotationTestDatabase();
    }

    @AfterEach
    void tearDown() throws Exception {
        db.close();
    }

    private String secretJson(String user, String password, Object port, String masterArnOrNull) {
        var node = JSON.createObjectNode().put("engine", "mariadb").put("host", "127.0.0.1")
                .put("username", user).put("password", password).put("dbname", db.database);
        node.putPOJO("port", port);
        if (masterArnOrNull != null) {
            node.put("masterarn", masterArnOrNull);
        }
        return node.toString();
    }

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    private String master() throws Exception {
        String master = db.createUser("rot_master", MASTER_PASSWORD, "ALL PRIVILEGES ON *.*");
        try (var c = java.sql.DriverManager.getConnection(MySqlRotationTestDatabase.URL, "root", "");
                var s = c.createStatement()) {
            s.execute("GRANT ALL PRIVILEGES ON *.* TO " + MySqlRotationDialect.account(master) + " WITH GRANT OPTION");
        }
        return master;
    }

    @Test
    void singleUser_rotation_newPasswordLogsIn_andTheOldOneNoLongerDoes() throws Exception {
        String user = db.createUser("rot_su", FIRST_PASSWORD, "SELECT ON " + db.database + ".*");
        String arn = secrets.create("app/maria-" + db.suffix, secretJson(user, FIRST_PASSWORD, "3306", null));

        String token = secrets.rotate(arn, single);

        String password = json(secrets.currentValue(arn)).get("password").asText();
        assertThat(secrets.currentVersionId(arn)).isEqualTo(token);
        assertThat(db.canLogIn(user, password)).isTrue();
        assertThat(db.canLogIn(user, FIRST_PASSWORD)).isFalse();
        assertThat(db.select(user, password)).isEqualTo(42);

        secrets.rotate(arn, single);
        String third = json(secrets.currentValue(arn)).get("password").asText();
        assertThat(db.canLogIn(user, third)).isTrue();
        assertThat(db.canLogIn(user, password)).isFalse();
    }

    @Test
    void singleUser_everyStepRunTwice_isHarmless() throws Exception {
        String user = db.createUser("rot_re", FIRST_PASSWORD, "SELECT ON " + db.database + ".*");
        String arn = secrets.create("app/maria-re-" + db.suffix, secretJson(user, FIRST_PASSWORD, 3306, null));
        String token = secrets.startRotation(arn);
        for (RotationStep step : RotationStep.values()) {
            single.run(step, arn, token, secrets);
            single.run(step, arn, token, secrets);
        }
        assertThat(secrets.puts).isEqualTo(1);
        assertThat(secrets.stageMoves).isEqualTo(1);
        assertThat(db.canLogIn(user, json(secrets.currentValue(arn)).get("password").asText())).isTrue();
    }

    @Test
    void singleUser_afterAFailedFinish_setSecretLogsInWithAwsPrevious() throws Exception {
        // setSecret ran, but AWSCURRENT was moved by someone else meanwhile: AWS's template falls back to AWSPREVIOUS.
        String user = db.createUser("rot_prev", FIRST_PASSWORD, "SELECT ON " + db.database + ".*");
        String arn = secrets.create("app/maria-prev-" + db.suffix, secretJson(user, FIRST_PASSWORD, 3306, null));
        secrets.update(arn, secretJson(user, "not-the-db-password", 3306, null));
        secrets.rotate(arn, single);
        assertThat(db.canLogIn(user, json(secrets.currentValue(arn)).get("password").asText())).isTrue();
    }

    @Test
    void alternatingUsers_createTheCloneWithTheSameGrants_andASecondRotationFlipsBack() throws Exception {
        String master = master();
        String user = db.createUser("rot_app", FIRST_PASSWORD, "SELECT ON " + db.database + ".*");
        String masterArn = secrets.create("rds/maria-master-" + db.suffix, secretJson(master, MASTER_PASSWORD, 3306, null));
        String arn = secrets.create("app/maria-multi-" + db.suffix, secretJson(user, FIRST_PASSWORD, 3306, masterArn));

        secrets.rotate(arn, multi);

        JsonNode current = json(secrets.currentValue(arn));
        String clone = user + "_clone";
        String clonePassword = current.get("password").asText();
        assertThat(current.get("username").asText()).isEqualTo(clone);
        assertThat(db.canLogIn(clone, clonePassword)).isTrue();
        assertThat(db.select(clone, clonePassword)).as("the clone has the user's grants").isEqualTo(42);
        assertThat(db.canLogIn(user, FIRST_PASSWORD)).as("the other user still works").isTrue();

        secrets.rotate(arn, multi);

        JsonNode back = json(secrets.currentValue(arn));
        String userPassword = back.get("password").asText();
        assertThat(back.get("username").asText()).isEqualTo(user);
        assertThat(db.canLogIn(user, userPassword)).isTrue();
        assertThat(db.canLogIn(user, FIRST_PASSWORD)).isFalse();
        assertThat(db.canLogIn(clone, clonePassword)).as("the clone still works until the next rotation").isTrue();
        assertThat(db.canLogIn(master, MASTER_PASSWORD)).isTrue();
    }

    @Test
    void alternatingUsers_quoteNames_withBackticksQuotesAndQuestionMarks() throws Exception {
        String master = master();
        String user = db.createUser("rot`q'?x", FIRST_PASSWORD, "SELECT ON " + db.database + ".*");
        String masterArn = secrets.create("rds/maria-master-q-" + db.suffix, secretJson(master, MASTER_PASSWORD, 3306, null));
        String arn = secrets.create("app/maria-q-" + db.suffix, secretJson(user, FIRST_PASSWORD, 3306, masterArn));

        secrets.rotate(arn, multi);

        String password = json(secrets.currentValue(arn)).get("password").asText();
        assertThat(db.select(user + "_clone", password)).isEqualTo(42);
    }

    @Test
    void wrongMasterPassword_failsSetSecret_withoutPasswords_leavesAwsCurrent_andARetryAfterTheFixCompletes() throws Exception {
        String master = master();
        String user = db.createUser("rot_wm", FIRST_PASSWORD, "SELECT ON " + db.database + ".*");
        String masterArn = secrets.create("rds/maria-master-wrong-" + db.suffix, secretJson(master, "wrong-Master-9", 3306, null));
        String arn = secrets.create("app/maria-wm-" + db.suffix, secretJson(user, FIRST_PASSWORD, 3306, masterArn));
        String before = secrets.currentValue(arn);
        String token = secrets.startRotation(arn);
        multi.run(RotationStep.CREATE_SECRET, arn, token, secrets);

        assertThatThrownBy(() -> multi.run(RotationStep.SET_SECRET, arn, token, secrets))
                .isInstanceOf(RotationException.class)
                .hasMessageContaining("unable to log into MariaDB with the master secret " + masterArn)
                .hasMessageContaining("Access denied")
                .hasNoCause()
                .satisfies(e -> assertNoSecretIn(e, secrets.allValues()))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(MASTER_PASSWORD));
        assertThat(secrets.currentValue(arn)).isEqualTo(before);
        assertThat(db.userExists(user + "_clone")).isFalse();
        assertThat(db.canLogIn(user, FIRST_PASSWORD)).isTrue();

        secrets.update(masterArn, secretJson(master, MASTER_PASSWORD, 3306, null));
        for (RotationStep step : RotationStep.values()) {
            multi.run(step, arn, token, secrets);
        }
        assertThat(secrets.currentVersionId(arn)).isEqualTo(token);
        assertThat(db.canLogIn(user + "_clone", json(secrets.currentValue(arn)).get("password").asText())).isTrue();
    }

    @Test
    void testSecret_withAPasswordTheDatabaseDoesNotHave_fails_andFinishIsNeverReached() throws Exception {
        String user = db.createUser("rot_ts", FIRST_PASSWORD, "SELECT ON " + db.database + ".*");
        String arn = secrets.create("app/maria-ts-" + db.suffix, secretJson(user, FIRST_PASSWORD, 3306, null));
        String token = secrets.startRotation(arn);
        single.run(RotationStep.CREATE_SECRET, arn, token, secrets);
        assertThatThrownBy(() -> single.run(RotationStep.TEST_SECRET, arn, token, secrets))
                .isInstanceOf(RotationException.class)
                .hasMessageContaining("testSecret: unable to log into MariaDB with the pending secret")
                .satisfies(e -> assertNoSecretIn(e, secrets.allValues()));
        assertThat(db.canLogIn(user, FIRST_PASSWORD)).isTrue();
    }

    @Test
    void databaseDown_failsWithinTheTimeout_andLeavesAwsCurrentUntouched() throws Exception {
        String user = db.createUser("rot_down", FIRST_PASSWORD, "SELECT ON " + db.database + ".*");
        String arn = secrets.create("app/maria-down-" + db.suffix, secretJson(user, FIRST_PASSWORD, 1, null));
        String before = secrets.currentValue(arn);
        long start = System.nanoTime();
        assertThatThrownBy(() -> secrets.rotate(arn, single))
                .isInstanceOf(RotationException.class)
                .hasMessageContaining("setSecret: unable to log into MariaDB")
                .satisfies(e -> assertNoSecretIn(e, secrets.allValues()));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(secrets.currentValue(arn)).isEqualTo(before);
    }

    @Test
    void aMySqlSecret_isNotRotatedByTheMariaDbRotator() throws Exception {
        String user = db.createUser("rot_eng", FIRST_PASSWORD, "SELECT ON " + db.database + ".*");
        String arn = secrets.create("app/maria-eng-" + db.suffix, secretJson(user, FIRST_PASSWORD, 3306, null).replace("\"mariadb\"", "\"mysql\""));
        assertThatThrownBy(() -> secrets.rotate(arn, single)).hasMessageContaining("engine 'mysql'");
        DatabaseRotator mysql = BuiltInRotationFunctions.builtIn("SecretsManagerRDSMySQLRotationSingleUser").orElseThrow();
        secrets.rotate(arn, mysql); // MariaDB answers the MySQL rotator too
        assertThat(db.canLogIn(user, json(secrets.currentValue(arn)).get("password").asText())).isTrue();
    }
}
