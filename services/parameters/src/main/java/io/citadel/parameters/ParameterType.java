package io.citadel.parameters;

/** The three parameter types, by their wire names. */
public enum ParameterType {
    STRING("String"), STRING_LIST("StringList"), SECURE_STRING("SecureString");

    private final String wire;

    ParameterType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    static ParameterType parse(String wire) {
        for (ParameterType t : values()) {
            if (t.wire.equals(wire)) {
                return t;
            }
        }
        throw ParameterErrors.error(ParameterErrors.UNSUPPORTED_TYPE, "Type: " + wire + " (expected: String, StringList, SecureString)");
    }
}
