package io.citadel.server;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client-certificate check of a mutual-TLS listener: the JDK's PKIX validation of the client's chain to the anchors
 * (as a plain trust-manager list would do), then the anchors' source is asked whether it refuses the client's
 * certificate anyway ({@link TrustAnchorSource#refusal}: revoked by its private CA). A refusal fails the handshake;
 * the reason is logged (serials and CA names only, nothing secret) and the client sees a TLS alert.
 */
final class ClientCertificateTrust extends X509ExtendedTrustManager {

    private static final Logger LOG = LoggerFactory.getLogger(ClientCertificateTrust.class);

    private final X509ExtendedTrustManager pkix;
    private final TrustAnchorSource source;

    private ClientCertificateTrust(X509ExtendedTrustManager pkix, TrustAnchorSource source) {
        this.pkix = pkix;
        this.source = source;
    }

    /** The check for {@code anchors}, as {@code source} hands them out now. */
    static ClientCertificateTrust of(TrustAnchors anchors, TrustAnchorSource source) {
        Objects.requireNonNull(source, "source");
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            List<X509Certificate> certificates = anchors.certificates();
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("anchor-" + i, certificates.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager pkix) {
                    return new ClientCertificateTrust(pkix, source);
                }
            }
            throw new IllegalStateException("the JDK offers no X509ExtendedTrustManager");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("client trust anchors: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        pkix.checkClientTrusted(chain, authType, engine);
        refuseIfTheSourceDoes(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        pkix.checkClientTrusted(chain, authType, socket);
        refuseIfTheSourceDoes(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        pkix.checkClientTrusted(chain, authType);
        refuseIfTheSourceDoes(chain);
    }

    private void refuseIfTheSourceDoes(X509Certificate[] chain) throws CertificateException {
        Optional<String> refusal;
        try {
            refusal = source.refusal(chain[0]);
        } catch (RuntimeException e) {
            // fail closed: a client is not let in because its CA could not be asked
            LOG.warn("TLS: client certificate serial {} refused: its revocation status could not be read: {}",
                    chain[0].getSerialNumber().toString(16), e.getMessage());
            throw new CertificateException("the client certificate's revocation status could not be read");
        }
        if (refusal.isPresent()) {
            LOG.info("TLS: client certificate refused: {}", refusal.get());
            throw new CertificateException("client certificate refused: " + refusal.get());
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("a listener's trust manager checks clients only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("a listener's trust manager checks clients only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a listener's trust manager checks clients only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }
}
