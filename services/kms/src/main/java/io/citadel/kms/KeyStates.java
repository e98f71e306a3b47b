package io.citadel.kms;

/** The error each key state gives an operation that needs a usable (Enabled) key, worded as AWS words it. */
final class KeyStates {

    private KeyStates() {
    }

    /** Cryptographic operations: only Enabled keys. */
    static void requireEnabled(KmsKey key) {
        switch (key.state()) {
            case ENABLED -> { }
            case DISABLED -> throw KmsErrors.error(KmsErrors.DISABLED, key.arn() + " is disabled.");
            default -> throw notIn(key);
        }
    }

    /** Management operations (enable, disable, tag, policy, alias): any state but deletion and creation. */
    static void requireManageable(KmsKey key) {
        switch (key.state()) {
            case ENABLED, DISABLED, PENDING_IMPORT -> { }
            default -> throw notIn(key);
        }
    }

    static RuntimeException notIn(KmsKey key) {
        String state = switch (key.state()) {
            case PENDING_DELETION -> "pending deletion";
            case PENDING_IMPORT -> "pending import";
            case PENDING_REPLICA_DELETION -> "pending replica deletion";
            case CREATING -> "being created";
            case UPDATING -> "being updated";
            case UNAVAILABLE -> "unavailable";
            case DISABLED -> "disabled";
            case ENABLED -> "enabled";
        };
        return KmsErrors.invalidState(key.arn() + " is " + state + ".");
    }

    static void requireUsage(KmsKey key, KeyUsage usage, String operation) {
        if (key.keyUsage() != usage) {
            throw KmsErrors.invalidKeyUsage("KeyUsage " + key.keyUsage() + " of " + key.arn() + " is not valid for "
                    + operation + " (expected: " + usage + ")");
        }
    }
}
