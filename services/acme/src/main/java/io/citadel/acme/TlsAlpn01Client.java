package io.citadel.acme;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The tls-alpn-01 check (RFC 8737): a TLS handshake to the domain with SNI and the ALPN protocol "acme-tls/1"; the
 * self-signed certificate offered must name exactly the domain and carry the critical acmeIdentifier extension
 * holding SHA-256 of the key authorization. The certificate is not otherwise trusted: that is the point.
 */
final class TlsAlpn01Client {

    static final String ALPN = "acme-tls/1";
    static final String ACME_IDENTIFIER_OID = "1.3.6.1.5.5.7.1.31";

    private final HostResolver resolver;
    private final int port;
    private final Duration timeout;

    TlsAlpn01Client(HostResolver resolver, int port, Duration timeout) {
        this.resolver = resolver;
        this.port = port;
        this.timeout = timeout;
    }

    void validate(String domain, String keyAuthorization) {
        InetAddress address;
        try {
            address = resolver.resolve(domain).getFirst();
        } catch (UnknownHostException e) {
            throw new AcmeProblem(AcmeProblem.Type.DNS, "tls-alpn-01: no address for " + domain);
        }
        X509Certificate certificate;
        String where = domain + ":" + port + " (" + address.getHostAddress() + ")";
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new AcceptAny()}, null);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
                int millis = (int) timeout.toMillis();
                socket.connect(new InetSocketAddress(address, port), millis);
                socket.setSoTimeout(millis);
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setServerNames(List.of(new SNIHostName(domain)));
                parameters.setApplicationProtocols(new String[] {ALPN});
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                if (!ALPN.equals(socket.getApplicationProtocol())) {
                    throw new AcmeProblem(AcmeProblem.Type.UNAUTHORIZED, "tls-alpn-01: " + where + " did not negotiate ALPN "
                            + ALPN + " (negotiated: " + socket.getApplicationProtocol() + ")");
                }
                certificate = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            }
        } catch (IOException e) {
            throw new AcmeProblem(AcmeProblem.Type.CONNECTION, "tls-alpn-01: TLS to " + where + " failed: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS unavailable", e);
        }
        check(certificate, domain, keyAuthorization);
    }

    static void check(X509Certificate certificate, String domain, String keyAuthorization) {
        List<String> names;
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            names = sans == null ? List.of() : sans.stream().map(l -> l.get(0) + ":" + l.get(1)).toList();
        } catch (java.security.cert.CertificateParsingException e) {
            names = List.of();
        }
        if (!names.equals(List.of("2:" + domain))) {
            throw new AcmeProblem(AcmeProblem.Type.UNAUTHORIZED, "tls-alpn-01: the certificate names " + names
                    + " (expected: exactly the DNS name " + domain + ")");
        }
        byte[] value = certificate.getExtensionValue(ACME_IDENTIFIER_OID);
        if (value == null || certificate.getCriticalExtensionOIDs() == null
                || !certificate.getCriticalExtensionOIDs().contains(ACME_IDENTIFIER_OID)) {
            throw new AcmeProblem(AcmeProblem.Type.UNAUTHORIZED, "tls-alpn-01: the certificate has no critical acmeIdentifier extension");
        }
        byte[] digest = io.citadel.core.crypto.pki.Jws.sha256(keyAuthorization.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] expected = new byte[36];
        expected[0] = 0x04;
        expected[1] = 0x22;
        expected[2] = 0x04;
        expected[3] = 0x20;
        System.arraycopy(digest, 0, expected, 4, 32);
        if (!Arrays.equals(value, expected)) {
            throw new AcmeProblem(AcmeProblem.Type.INCORRECT_RESPONSE, "tls-alpn-01: the acmeIdentifier extension is not SHA-256 of"
                    + " the key authorization " + keyAuthorization);
        }
    }

    /** Trusts any certificate: tls-alpn-01 certificates are self-signed by design and checked by {@link #check}. */
    private static final class AcceptAny implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // checked by check() after the handshake
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
