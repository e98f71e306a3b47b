package io.citadel.pca;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a node tells ACM PCA: the public base URL its CRL and OCSP endpoints are reached at (named in issued
 * certificates), where audit reports are written, and the quota of CAs per account and region (AWS: 200).
 */
public record PcaSettings(Supplier<String> publicBaseUrl, Path auditReportDir, int maxAuthoritiesPerRegion) {

    public static final int AWS_MAX_AUTHORITIES = 200;

    public PcaSettings {
        Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
        Objects.requireNonNull(auditReportDir, "auditReportDir");
        if (maxAuthoritiesPerRegion < 1) {
            throw new IllegalArgumentException("maxAuthoritiesPerRegion: " + maxAuthoritiesPerRegion + " (expected: >= 1)");
        }
    }
}
