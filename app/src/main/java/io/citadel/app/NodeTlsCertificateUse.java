package io.citadel.app;

import io.citadel.core.ServiceException;
import io.citadel.storage.Storage;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the InUseBy of the ACM certificate the API listener serves true: the listener's ARN is added to the certificate
 * it serves by {@code tls-certificate-arn} (so DeleteCertificate refuses it) and removed from the one it served before
 * once the setting names another certificate or none. What this listener marked is remembered in sealed storage, per
 * listener (host name and port), so that a restart with another setting knows what to release.
 */
final class NodeTlsCertificateUse {

    private static final Logger LOG = LoggerFactory.getLogger(NodeTlsCertificateUse.class);

    /** Sealed storage key prefix; the value is the certificate ARN, a newline, and the user ARN marked on it. */
    static final String STORAGE_PREFIX = "global/tls/listener-acm-certificate/";

    /** Adds and removes a user in an ACM certificate's InUseBy (ACM's CertificateUpdates, wired by the app). */
    interface CertificateUse {
        void mark(String certificateArn, String user);

        void release(String certificateArn, String user);
    }

    private record Marked(String certificateArn, String user) {
    }

    private NodeTlsCertificateUse() {
    }

    /**
     * Releases what {@code listener} marked before unless it is {@code certificateArn}, then marks {@code certificateArn}
     * (null: the listener serves no ACM certificate now).
     */
    static void update(Storage sealed, CertificateUse use, String listener, String certificateArn) {
        String key = STORAGE_PREFIX + listener;
        Optional<Marked> before = sealed.get(key).map(NodeTlsCertificateUse::decode);
        String user = certificateArn == null ? null : userArn(certificateArn, listener);
        if (before.isPresent() && !before.get().equals(new Marked(certificateArn, user))) {
            try {
                use.release(before.get().certificateArn(), before.get().user());
                LOG.info("TLS: the listener no longer uses ACM certificate {}", before.get().certificateArn());
            } catch (ServiceException e) {
                LOG.warn("TLS: cannot remove {} from the InUseBy of ACM certificate {}: {}", before.get().user(),
                        before.get().certificateArn(), e.getMessage());
            }
            sealed.delete(key);
        }
        if (certificateArn != null) {
            use.mark(certificateArn, user);
            sealed.put(key, encode(new Marked(certificateArn, user)));
        }
    }

    /** The listener as its certificate's InUseBy names it: arn:aws:citadel:{region}:{account}:listener/{host}/{port}. */
    static String userArn(String certificateArn, String listener) {
        String[] parts = certificateArn.split(":", 6);
        if (parts.length != 6 || !parts[0].equals("arn") || !parts[2].equals("acm")) {
            throw new IllegalArgumentException("tls-certificate-arn: " + certificateArn + " (expected: an ACM certificate ARN)");
        }
        return "arn:" + parts[1] + ":citadel:" + parts[3] + ":" + parts[4] + ":listener/" + listener;
    }

    /** This machine's host name and the port setting: the same on every restart, different for nodes sharing storage. */
    static String listener(Config config) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + "/" + config.require(Setting.PORT).trim();
    }

    private static byte[] encode(Marked marked) {
        return (marked.certificateArn() + "\n" + marked.user()).getBytes(StandardCharsets.UTF_8);
    }

    private static Marked decode(byte[] value) {
        String[] lines = new String(value, StandardCharsets.UTF_8).split("\n", 2);
        return new Marked(lines[0], lines.length > 1 ? lines[1] : "");
    }
}
