package io.citadel.parameters;

/**
 * Parameter tiers. A stored parameter is Standard or Advanced; Intelligent-Tiering is a request that
 * picks Standard when the value fits it and Advanced otherwise.
 */
public enum ParameterTier {
    STANDARD("Standard", 4096), ADVANCED("Advanced", 8192), INTELLIGENT_TIERING("Intelligent-Tiering", 8192);

    private final String wire;
    private final int maxValueBytes;

    ParameterTier(String wire, int maxValueBytes) {
        this.wire = wire;
        this.maxValueBytes = maxValueBytes;
    }

    public String wire() {
        return wire;
    }

    int maxValueBytes() {
        return maxValueBytes;
    }

    static ParameterTier parse(String wire) {
        for (ParameterTier t : values()) {
            if (t.wire.equals(wire)) {
                return t;
            }
        }
        throw ParameterErrors.validation("Tier: " + wire + " (expected: Standard, Advanced, Intelligent-Tiering)");
    }
}
