package io.citadel.kms;

/** A KMS key's state as AWS names it (KeyState); the wire name is the constant's {@link #wire()}. */
public enum KeyState {
    CREATING("Creating"),
    ENABLED("Enabled"),
    DISABLED("Disabled"),
    PENDING_DELETION("PendingDeletion"),
    PENDING_IMPORT("PendingImport"),
    PENDING_REPLICA_DELETION("PendingReplicaDeletion"),
    UNAVAILABLE("Unavailable"),
    UPDATING("Updating");

    private final String wire;

    KeyState(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
