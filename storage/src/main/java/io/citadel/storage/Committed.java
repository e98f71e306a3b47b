package io.citadel.storage;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A transaction that has committed but may not be durable yet ({@link Storage#pipelinedTransaction}):
 * its result, and a future that completes when a crash can no longer undo it, or fails when the
 * backend could not make it durable (then treat the transaction as not made, and acknowledge nothing
 * that rests on it).
 */
public record Committed<T>(T result, CompletableFuture<Void> durable) {
    public Committed {
        Objects.requireNonNull(durable, "durable");
    }
}
