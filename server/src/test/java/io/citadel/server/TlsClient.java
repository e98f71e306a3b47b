package io.citadel.server;

import io.citadel.core.crypto.pki.TlsCertificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** A JDK TLS client for the listener tests: trusts given CAs, optionally presents a client certificate. */
final class TlsClient {

    private final SSLContext context;

    private TlsClient(SSLContext context) {
        this.context = context;
    }

    static TlsClient trusting(TlsCertificates.Issued ca) {
        return new TlsClient(context(ca, null));
    }

    static TlsClient trusting(TlsCertificates.Issued ca, TlsCertificates.Issued clientCertificate) {
        return new TlsClient(context(ca, clientCertificate));
    }

    /** A connected socket with the handshake done, offering only {@code protocols} and (if not empty) {@code suites}. */
    SSLSocket connect(int port, List<String> protocols, List<String> suites) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(5000);
        socket.setEnabledProtocols(protocols.toArray(String[]::new));
        if (!suites.isEmpty()) {
            socket.setEnabledCipherSuites(suites.toArray(String[]::new));
        }
        socket.startHandshake();
        return socket;
    }

    SSLSocket connect(int port) throws IOException {
        return connect(port, List.of("TLSv1.3", "TLSv1.2"), List.of());
    }

    /** Sends GET /health on a keep-alive connection and returns the status line. */
    static String health(SSLSocket socket) throws IOException {
        socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head.size() + " bytes");
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                in.readNBytes(Integer.parseInt(line.substring(15).trim()));
            }
        }
        return headers.substring(0, headers.indexOf("\r\n"));
    }

    static BigInteger peerSerial(SSLSocket socket) throws IOException {
        return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
    }

    private static SSLContext context(TlsCertificates.Issued ca, TlsCertificates.Issued client) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", TlsIdentity.certificates(ca.certificatePem(), "ca").getFirst());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (client != null) {
                TlsIdentity identity = TlsIdentity.fromPem(client.certificatePem(), client.privateKeyPem());
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                keys.setKeyEntry("client", identity.privateKey(), "x".toCharArray(),
                        identity.chain().toArray(X509Certificate[]::new));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, "x".toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
