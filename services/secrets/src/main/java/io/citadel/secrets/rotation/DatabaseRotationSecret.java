package io.citadel.secrets.rotation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * The JSON a database secret holds, as AWS's RDS rotation templates read it: {@code engine},
 * {@code host}, {@code port}, {@code username}, {@code password}, optional {@code dbname},
 * {@code masterarn} (alternating users) and {@code ssl}. Members it does not know are kept, because
 * the templates copy the whole document into the new version. {@link #toString()} never shows the password.
 */
final class DatabaseRotationSecret {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode document;

    private DatabaseRotationSecret(ObjectNode document) {
        this.document = document;
    }

    /**
     * Parses a secret string; {@code what} names it in errors (e.g. "AWSCURRENT of secret X"). The
     * messages name the missing or malformed member, never a value.
     */
    static DatabaseRotationSecret parse(String secretString, String what, DatabaseRotationDialect dialect) throws RotationException {
        if (secretString == null) {
            throw new RotationException(what + ": has no SecretString (expected: a JSON object)");
        }
        JsonNode node;
        try {
            node = JSON.readTree(secretString);
        } catch (JsonProcessingException e) {
            throw new RotationException(what + ": SecretString is not JSON (expected: a JSON object with host, username, password)");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new RotationException(what + ": SecretString is not a JSON object");
        }
        DatabaseRotationSecret secret = new DatabaseRotationSecret(object);
        for (String field : new String[] {"host", "username", "password"}) {
            JsonNode v = object.get(field);
            if (v == null || !v.isTextual() || v.asText().isEmpty()) {
                throw new RotationException(what + ": " + field + " is missing from the secret JSON (expected: a non-empty string)");
            }
        }
        JsonNode engine = object.get("engine");
        if (engine == null || !engine.isTextual() || !dialect.engines().contains(engine.asText())) {
            throw new RotationException(what + ": engine " + (engine == null ? "is missing" : describe(engine))
                    + " (expected: one of " + dialect.engines() + " for this rotation function)");
        }
        try {
            secret.port(dialect);
        } catch (RotationException e) {
            throw new RotationException(what + ": " + e.getMessage());
        }
        return secret;
    }

    private static String describe(JsonNode v) {
        String text = v.isTextual() ? v.asText() : v.toString();
        return text.length() > 40 ? "'" + text.substring(0, 40) + "...'" : "'" + text + "'";
    }

    String engine() {
        return document.get("engine").asText();
    }

    String host() {
        return document.get("host").asText();
    }

    String username() {
        return document.get("username").asText();
    }

    String password() {
        return document.get("password").asText();
    }

    /** The port, from a number or a numeric string as AWS's templates accept, else the engine's default. */
    int port(DatabaseRotationDialect dialect) throws RotationException {
        JsonNode v = document.get("port");
        if (v == null || v.isNull()) {
            return dialect.defaultPort();
        }
        int port;
        if (v.isIntegralNumber()) {
            port = v.asInt();
        } else if (v.isTextual() && v.asText().matches("[0-9]{1,5}")) {
            port = Integer.parseInt(v.asText());
        } else {
            throw new RotationException("port " + describe(v) + " (expected: 1..65535)");
        }
        if (port < 1 || port > 65535) {
            throw new RotationException("port " + port + " (expected: 1..65535)");
        }
        return port;
    }

    /** The database to connect to, or null for the engine's default. */
    String dbnameOrNull() {
        JsonNode v = document.get("dbname");
        return v == null || !v.isTextual() || v.asText().isEmpty() ? null : v.asText();
    }

    String masterArnOrNull() {
        JsonNode v = document.get("masterarn");
        return v == null || !v.isTextual() || v.asText().isEmpty() ? null : v.asText();
    }

    /** TRUE: TLS with certificate verification; FALSE: plain TCP; null: the driver's default. */
    Boolean sslOrNull() {
        JsonNode v = document.get("ssl");
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        return v.isTextual() ? Boolean.valueOf(v.asText().equalsIgnoreCase("true")) : null;
    }

    DatabaseRotationSecret withUsername(String username) {
        ObjectNode copy = document.deepCopy();
        copy.put("username", Objects.requireNonNull(username));
        return new DatabaseRotationSecret(copy);
    }

    DatabaseRotationSecret withPassword(String password) {
        ObjectNode copy = document.deepCopy();
        copy.put("password", Objects.requireNonNull(password));
        return new DatabaseRotationSecret(copy);
    }

    /** The master secret's login, used on this secret's database (AWS: master_dict['dbname'] = current_dict['dbname']). */
    DatabaseRotationSecret withDbnameOf(DatabaseRotationSecret other) {
        ObjectNode copy = document.deepCopy();
        String dbname = other.dbnameOrNull();
        if (dbname == null) {
            copy.remove("dbname");
        } else {
            copy.put("dbname", dbname);
        }
        return new DatabaseRotationSecret(copy);
    }

    String json() {
        return document.toString();
    }

    @Override
    public String toString() {
        return "DatabaseRotationSecret[engine=" + engine() + ", host=" + host() + ", username=" + username() + ", password=***]";
    }
}
