package io.citadel.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An access key pair as a client uses it; parsed from an AWS credentials file or admin output. */
record Credentials(String accessKeyId, String secretAccessKey) {

    static final Pattern ACCESS_KEY_ID = Pattern.compile("AKIA[A-Z2-7]{16}");
    static final Pattern SECRET = Pattern.compile("[A-Za-z0-9+/]{40}");

    Credentials {
        if (!ACCESS_KEY_ID.matcher(accessKeyId).matches() || !SECRET.matcher(secretAccessKey).matches()) {
            throw new IllegalArgumentException("not an access key pair: " + accessKeyId);
        }
    }

    /** The {@code [default]} profile of an AWS credentials file (the only profile it may have). */
    static Credentials fromCredentialsFile(Path file) {
        try {
            return fromLines(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses {@code aws_access_key_id = ...} / {@code aws_secret_access_key = ...} lines. */
    static Credentials fromLines(String text) {
        Map<String, String> values = new HashMap<>();
        Matcher m = Pattern.compile("(?m)^\\s*(aws_access_key_id|aws_secret_access_key)\\s*=\\s*(\\S+)\\s*$").matcher(text);
        while (m.find()) {
            values.put(m.group(1), m.group(2));
        }
        return new Credentials(values.get("aws_access_key_id"), values.get("aws_secret_access_key"));
    }

    Credentials withSecret(String secret) {
        return new Credentials(accessKeyId, secret);
    }
}
