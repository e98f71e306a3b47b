package io.citadel.protocol;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A service as the wire sees it: the name it is signed for (the SigV4 credential scope's service),
 * the protocol it speaks, and its explicit operation table.
 */
public record ServiceApi(String signingName, WireProtocol protocol, Map<String, Operation<?, ?>> operations) {

    public ServiceApi {
        Objects.requireNonNull(signingName, "signingName");
        Objects.requireNonNull(protocol, "protocol");
        operations = Map.copyOf(operations);
    }

    public static ServiceApi of(String signingName, WireProtocol protocol, List<Operation<?, ?>> operations) {
        return new ServiceApi(signingName, protocol,
                operations.stream().collect(Collectors.toMap(Operation::name, Function.identity())));
    }

    public Operation<?, ?> operation(String name) {
        return operations.get(name);
    }
}
