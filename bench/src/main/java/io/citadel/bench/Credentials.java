package io.citadel.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An access key pair (and optional session token) used to sign requests. Can be read from an
 * AWS shared credentials file, the format Citadel writes its bootstrap credentials in.
 */
record Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {

    Credentials {
        if (accessKeyId == null || accessKeyId.isBlank()) {
            throw new IllegalArgumentException("accessKeyId: blank (expected: an access key id such as AKIA...)");
        }
        if (secretAccessKey == null || secretAccessKey.isBlank()) {
            throw new IllegalArgumentException("secretAccessKey: blank (expected: the secret for " + accessKeyId + ")");
        }
        if (sessionToken != null && sessionToken.isBlank()) {
            sessionToken = null;
        }
    }

    /** Reads {@code [profile]} (or {@code [profile name]}) from an INI-style AWS credentials file. */
    static Credentials fromFile(Path file, String profile) throws IOException {
        List<String> lines = Files.readAllLines(file);
        boolean inProfile = false;
        boolean found = false;
        String accessKey = null;
        String secretKey = null;
        String token = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                String section = line.substring(1, line.length() - 1).strip();
                if (section.startsWith("profile ")) {
                    section = section.substring("profile ".length()).strip();
                }
                inProfile = section.equals(profile);
                found |= inProfile;
                continue;
            }
            int equals = line.indexOf('=');
            if (!inProfile || equals < 0) {
                continue;
            }
            String key = line.substring(0, equals).strip().toLowerCase();
            String value = line.substring(equals + 1).strip();
            switch (key) {
                case "aws_access_key_id" -> accessKey = value;
                case "aws_secret_access_key" -> secretKey = value;
                case "aws_session_token" -> token = value;
                default -> { }
            }
        }
        if (!found) {
            throw new IllegalArgumentException("profile: " + profile + " (expected: a [" + profile + "] section in " + file + ")");
        }
        return new Credentials(accessKey, secretKey, token);
    }
}
