package io.citadel.secrets.rotation;

/** The four steps of a Secrets Manager rotation, in order, with the names AWS sends to a rotation function. */
public enum RotationStep {
    CREATE_SECRET("createSecret"),
    SET_SECRET("setSecret"),
    TEST_SECRET("testSecret"),
    FINISH_SECRET("finishSecret");

    private final String wire;

    RotationStep(String wire) {
        this.wire = wire;
    }

    /** The step's name in the rotation event ({@code "Step"}). */
    public String wire() {
        return wire;
    }
}
