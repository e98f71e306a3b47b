package io.citadel.protocol;

import io.citadel.core.RequestContext;
import java.util.Objects;

/**
 * One row of a service's operation table: the AWS operation name, the record its input decodes
 * into, whether it only reads (CloudTrail's {@code readOnly}; state-changing calls are announced to
 * the audit trail before they run), and the service method that answers it. Plain data; no
 * reflection dispatch.
 */
public record Operation<I, O>(String name, Class<I> inputType, boolean readOnly, Handler<I, O> handler) {

    /** The service method behind an operation. */
    @FunctionalInterface
    public interface Handler<I, O> {
        O handle(RequestContext context, I input);
    }

    public Operation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(inputType, "inputType");
        Objects.requireNonNull(handler, "handler");
    }

    /** An operation whose read-only flag follows its name: Get, List, Describe and Lookup only read. */
    public Operation(String name, Class<I> inputType, Handler<I, O> handler) {
        this(name, inputType, readsByName(name), handler);
    }

    private static boolean readsByName(String name) {
        return name.startsWith("Get") || name.startsWith("List") || name.startsWith("Describe") || name.startsWith("Lookup");
    }

    /** Calls the handler with an input already decoded into {@link #inputType()}. */
    public Object invoke(RequestContext context, Object input) {
        return handler.handle(context, inputType.cast(input));
    }
}
