package io.citadel.identity;

import io.citadel.core.AccountId;
import io.citadel.core.ServiceException;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/** An IAM user in an account. {@code userId} is the stable AIDA... id AWS reports. */
public record User(String accountId, String name, String path, String userId, Instant createdAt) {

    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern PATH = Pattern.compile("/|/[\\x21-\\x7E]{0,510}/");

    public User {
        AccountId.requireValid(accountId);
        requireValidName(name);
        requireValidPath(path);
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public String arn() {
        return "arn:aws:iam::" + accountId + ":user" + path + name;
    }

    public static String requireValidName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ServiceException.validation("userName: " + name + " (expected: 1-64 characters of [A-Za-z0-9+=,.@_-])");
        }
        return name;
    }

    public static String requireValidPath(String path) {
        if (path == null || !PATH.matcher(path).matches()) {
            throw ServiceException.validation("path: " + path + " (expected: '/' or '/.../', printable ASCII, at most 512 characters)");
        }
        return path;
    }
}
