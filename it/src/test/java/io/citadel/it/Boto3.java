package io.citadel.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs boto3 (src/test/resources/boto_sts.py) in a clean environment. Calls are collected and run
 * in one Python process, since starting Python and boto3 costs more than the calls themselves.
 */
final class Boto3 {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home;
    private final ArrayNode calls = JSON.createArrayNode();

    Boto3(Path home) {
        this.home = home;
    }

    Boto3 identity(String endpoint, String region, Credentials credentials) {
        call("identity", endpoint, region, credentials);
        return this;
    }

    /** GetCallerIdentity over https, trusting only {@code caBundle}. */
    Boto3 identity(String endpoint, String region, Credentials credentials, Path caBundle) {
        call("identity", endpoint, region, credentials).put("verify", caBundle.toString());
        return this;
    }

    Boto3 presign(String endpoint, String region, Credentials credentials, int expiresInSeconds) {
        call("presign", endpoint, region, credentials).put("expires", expiresInSeconds);
        return this;
    }

    Boto3 fetch(String url) {
        calls.addObject().put("kind", "fetch").put("url", url);
        return this;
    }

    private ObjectNode call(String kind, String endpoint, String region, Credentials credentials) {
        return calls.addObject().put("kind", kind).put("endpoint", endpoint).put("region", region)
                .put("access_key", credentials.accessKeyId()).put("secret_key", credentials.secretAccessKey());
    }

    /** Runs the collected calls (and forgets them); one result per call, in order. */
    List<JsonNode> run() {
        ObjectNode plan = JSON.createObjectNode();
        plan.set("calls", calls);
        Processes.Result result = Processes.run(List.of(Python.executable().toString(), script().toString()),
                Python.cleanEnv(home), Duration.ofSeconds(90), plan.toString()).requireSuccess("boto_sts.py");
        try {
            List<JsonNode> out = new ArrayList<>();
            JSON.readTree(result.stdout()).forEach(out::add);
            if (out.size() != calls.size()) {
                throw new AssertionError("boto_sts.py answered " + out.size() + " of " + calls.size() + " calls: " + result);
            }
            calls.removeAll();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("boto_sts.py printed no JSON: " + result, e);
        }
    }

    private static Path script() {
        try {
            return Path.of(Boto3.class.getResource("/boto_sts.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
