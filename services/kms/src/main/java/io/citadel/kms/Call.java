package io.citadel.kms;

/**
 * What KMS knows about one call beyond its context: the AWS service it came through (a Citadel
 * service calling for its caller sets kms:ViaService, e.g. {@code ssm.us-east-1.amazonaws.com}),
 * and whether the caller named the key by an alias (kms:RequestAlias).
 */
public record Call(String viaService) {

    /** A client calling KMS directly. */
    public static final Call DIRECT = new Call(null);

    /** A call that Citadel's {@code service} (e.g. "ssm") makes for its caller in {@code region}. */
    public static Call via(String service, String region) {
        return new Call(service + "." + region + ".amazonaws.com");
    }

    boolean isViaService() {
        return viaService != null;
    }
}
