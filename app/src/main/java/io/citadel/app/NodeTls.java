package io.citadel.app;

import io.citadel.core.crypto.pki.SubjectAlternativeName;
import io.citadel.core.crypto.pki.TlsCertificates;
import io.citadel.server.PemFileTlsIdentity;
import io.citadel.server.PemFileTrustAnchors;
import io.citadel.server.TlsIdentitySource;
import io.citadel.server.TlsProvider;
import io.citadel.server.TlsSettings;
import io.citadel.server.TrustAnchorSource;
import io.citadel.storage.Storage;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What TLS the API listener serves, chosen from the settings: the PEM files {@code tls-certificate} and
 * {@code tls-private-key}, else with {@code tls-bootstrap} a certificate from the node's own CA, else plain HTTP;
 * plus {@code tls-client-ca-bundle} for mutual TLS, and {@code tls-provider} (OpenSSL or the JDK). An ACM certificate
 * served by {@code tls-certificate-arn} lists the listener in its InUseBy ({@link NodeTlsCertificateUse}). {@link #refresh()}, run by the node's upkeep every
 * {@link #REFRESH}, re-reads changed files and renews the bootstrap certificate.
 */
final class NodeTls {

    /** How often certificate files are compared with what is served and the bootstrap certificate checked for renewal. */
    static final Duration REFRESH = Duration.ofSeconds(30);

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final TlsSettings settings;
    private final Path caFile;

    private NodeTls(TlsSettings settings, Path caFile) {
        this.settings = settings;
        this.caFile = caFile;
    }

    /**
     * Turns an ACM certificate ARN and an ACM PCA CA ARN into the listener's sources (app wires ACM and PCA in), and keeps
     * the served ACM certificate's InUseBy ({@code inUse}; null where there is no ACM, and then InUseBy is left alone).
     */
    record ManagedSources(Function<String, TlsIdentitySource> acmCertificate, Function<String, TrustAnchorSource> privateCa,
                          NodeTlsCertificateUse.CertificateUse inUse) {
        static final ManagedSources NONE = new ManagedSources(
                arn -> {
                    throw new IllegalStateException("tls-certificate-arn: no ACM on this node");
                },
                arn -> {
                    throw new IllegalStateException("tls-client-ca-arn: no ACM PCA on this node");
                },
                null);
    }

    static NodeTls configure(Config config, Storage sealed, Path dataDir, InstantSource clock, SecureRandom random, PrintStream out) {
        return configure(config, sealed, dataDir, clock, random, out, ManagedSources.NONE);
    }

    static NodeTls configure(Config config, Storage sealed, Path dataDir, InstantSource clock, SecureRandom random, PrintStream out,
                             ManagedSources managed) {
        Path certificate = config.path(Setting.TLS_CERTIFICATE);
        Path privateKey = config.path(Setting.TLS_PRIVATE_KEY);
        if ((certificate == null) != (privateKey == null)) {
            throw new Config.ConfigException("tls-certificate and tls-private-key must be given together");
        }
        String certificateArn = blankToNull(config.get(Setting.TLS_CERTIFICATE_ARN));
        if (certificate != null && certificateArn != null) {
            throw new Config.ConfigException("tls-certificate and tls-certificate-arn: give one of them (expected: PEM files or an ACM certificate)");
        }
        TlsIdentitySource identity = null;
        Path caFile = null;
        try {
            if (certificate != null) {
                identity = new PemFileTlsIdentity(certificate, privateKey);
            } else if (certificateArn != null) {
                identity = managed.acmCertificate().apply(certificateArn);
                out.println("TLS: serving ACM certificate " + certificateArn + " (reloaded when it renews)");
            } else if (flag(config, Setting.TLS_BOOTSTRAP)) {
                TlsCertificates.Issued ca = BootstrapCa.loadOrCreate(sealed, clock, random);
                caFile = BootstrapCa.publish(dataDir, ca);
                identity = new BootstrapTlsIdentity(ca, names(config), clock, random);
                out.println("TLS: serving a certificate from the node's own CA; clients trust " + caFile.toAbsolutePath()
                        + " (e.g. aws --ca-bundle " + caFile.toAbsolutePath() + ")");
            }
            Path bundle = config.path(Setting.TLS_CLIENT_CA_BUNDLE);
            String clientCaArn = blankToNull(config.get(Setting.TLS_CLIENT_CA_ARN));
            if (bundle != null && clientCaArn != null) {
                throw new Config.ConfigException("tls-client-ca-bundle and tls-client-ca-arn: give one of them");
            }
            TlsProvider provider = TlsProvider.parse(config.require(Setting.TLS_PROVIDER));
            NodeTls tls;
            if (bundle == null && clientCaArn == null) {
                tls = new NodeTls(identity == null ? null : TlsSettings.serverOnly(identity).withProvider(provider), caFile);
            } else if (identity == null) {
                throw new Config.ConfigException((bundle != null ? "tls-client-ca-bundle: " + bundle : "tls-client-ca-arn: " + clientCaArn)
                        + " needs TLS (set tls-certificate and tls-private-key, tls-certificate-arn, or tls-bootstrap true)");
            } else {
                TrustAnchorSource anchors = bundle != null ? new PemFileTrustAnchors(bundle) : managed.privateCa().apply(clientCaArn);
                tls = new NodeTls(new TlsSettings(identity, anchors, provider), caFile);
            }
            if (managed.inUse() != null) {
                // only once everything else is configured: a start that fails marks nothing
                NodeTlsCertificateUse.update(sealed, managed.inUse(), NodeTlsCertificateUse.listener(config), certificateArn);
            }
            return tls;
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new Config.ConfigException(e.getMessage());
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The listener's TLS, or null for plain HTTP. */
    TlsSettings settings() {
        return settings;
    }

    /** The published bootstrap CA certificate, or null when the node does not bootstrap its TLS. */
    Path caFile() {
        return caFile;
    }

    /** Re-reads changed certificate and CA files, renews a bootstrap certificate that is due; new handshakes see the result. */
    void refresh() {
        if (settings == null) {
            return;
        }
        settings.identity().refresh();
        if (settings.requiresClientCertificates()) {
            settings.clientTrustAnchors().refresh();
        }
    }

    /** localhost, 127.0.0.1, ::1, the listen address unless it is a wildcard, and tls-bootstrap-names. */
    static List<SubjectAlternativeName> names(Config config) {
        List<String> wanted = new ArrayList<>(List.of("localhost", "127.0.0.1", "::1"));
        String host = config.require(Setting.HOST).trim();
        if (!host.equals("0.0.0.0") && !host.equals("::") && !host.equals("[::]")) {
            wanted.add(host);
        }
        String extra = config.get(Setting.TLS_BOOTSTRAP_NAMES);
        if (extra != null) {
            for (String name : extra.split(",")) {
                if (!name.isBlank()) {
                    wanted.add(name.trim());
                }
            }
        }
        List<SubjectAlternativeName> names = new ArrayList<>();
        for (String name : wanted.stream().distinct().toList()) {
            names.add(IPV4.matcher(name).matches() || name.contains(":")
                    ? new SubjectAlternativeName.Ip(name.replace("[", "").replace("]", ""))
                    : new SubjectAlternativeName.Dns(name));
        }
        return names;
    }

    private static boolean flag(Config config, Setting setting) {
        String value = config.require(setting).trim();
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new Config.ConfigException(setting.fileKey() + ": " + value + " (expected: true or false)");
        };
    }
}
