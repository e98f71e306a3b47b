package io.citadel.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.citadel.core.crypto.AsymmetricKeyPair;
import io.citadel.core.crypto.SignatureScheme;
import io.citadel.core.crypto.pki.CertificateSigner;
import io.citadel.core.crypto.pki.CertificateSpec;
import io.citadel.core.crypto.pki.Certificates;
import io.citadel.core.crypto.pki.DistinguishedNames;
import io.citadel.core.crypto.pki.Jws;
import io.citadel.core.crypto.pki.SubjectAlternativeName;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** tls-alpn-01 (RFC 8737): a real TLS handshake with ALPN acme-tls/1, and the checks on the validation certificate. */
class TlsAlpn01Test {

    private static final String DOMAIN = "alpn.example.test";

    @Test
    void validationCertificateOverAcmeTls1_makesTheAuthorizationValid() throws Exception {
        AsymmetricKeyPair key = AcmeTestSupport.certificateKey();
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            AcmeHarness h = new AcmeHarness(80, server.getLocalPort(), Map.of("*.example.test", "127.0.0.1"), null, false, null);
            TestAcmeClient c = h.client();
            c.register(Map.of("termsOfServiceAgreed", true));
            AcmeValidationTest.Flow f = AcmeValidationTest.Flow.order(c, DOMAIN);
            String keyAuthorization = f.token("tls-alpn-01") + "." + Jws.PublicJwk.of(TestAcmeClient.jwk(c.key.publicSpki())).thumbprint();
            X509Certificate certificate = validationCertificate(key, List.of(DOMAIN), digestExtension(keyAuthorization), true);
            AtomicReference<String> negotiated = new AtomicReference<>();
            Thread serving = Thread.ofVirtual().start(() -> serveOnce(server, key, certificate, negotiated));
            c.post(f.challengeUrl("tls-alpn-01"), Map.of());
            h.runValidations();
            serving.join(10_000);
            assertThat(negotiated.get()).isEqualTo("acme-tls/1");
            JsonNode authz = TestAcmeClient.body(c.post(f.authzUrl(), null));
            assertThat(f.challenge(authz, "tls-alpn-01").toString()).contains("\"status\":\"valid\"");
            assertThat(authz.get("status").asText()).isEqualTo("valid");
        }
    }

    @Test
    void check_refusesAWrongDigest_aNonCriticalExtension_andExtraNames() throws Exception {
        AsymmetricKeyPair key = AcmeTestSupport.certificateKey();
        String keyAuthorization = "token.thumbprint";
        TlsAlpn01Client.check(validationCertificate(key, List.of(DOMAIN), digestExtension(keyAuthorization), true), DOMAIN, keyAuthorization);
        assertThat(catchThrowableOfType(AcmeProblem.class, () -> TlsAlpn01Client.check(validationCertificate(key, List.of(DOMAIN),
                digestExtension("other"), true), DOMAIN, keyAuthorization)).type()).isEqualTo(AcmeProblem.Type.INCORRECT_RESPONSE);
        assertThat(catchThrowableOfType(AcmeProblem.class, () -> TlsAlpn01Client.check(validationCertificate(key, List.of(DOMAIN),
                digestExtension(keyAuthorization), false), DOMAIN, keyAuthorization)).detail()).contains("critical acmeIdentifier");
        assertThat(catchThrowableOfType(AcmeProblem.class, () -> TlsAlpn01Client.check(validationCertificate(key,
                List.of(DOMAIN, "x.example.test"), digestExtension(keyAuthorization), true), DOMAIN, keyAuthorization)).detail())
                .contains("exactly the DNS name");
    }

    private static byte[] digestExtension(String keyAuthorization) {
        byte[] digest = Jws.sha256(keyAuthorization.getBytes(StandardCharsets.US_ASCII));
        byte[] value = new byte[34];
        value[0] = 0x04;
        value[1] = 0x20;
        System.arraycopy(digest, 0, value, 2, 32);
        return value;
    }

    private static X509Certificate validationCertificate(AsymmetricKeyPair key, List<String> names, byte[] extension, boolean critical)
            throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        byte[] subject = DistinguishedNames.encode(List.of(new DistinguishedNames.Attribute(DistinguishedNames.COMMON_NAME, "acme")));
        CertificateSpec spec = new CertificateSpec(Certificates.randomSerial(new SecureRandom()), subject, key.publicSpki(),
                now.minusSeconds(60), now.plusSeconds(3600), names.stream().<SubjectAlternativeName>map(SubjectAlternativeName.Dns::new).toList(),
                Set.of(), List.of(), null, List.of(), List.of(),
                List.of(new CertificateSpec.CustomExtension(TlsAlpn01Client.ACME_IDENTIFIER_OID, critical, extension)));
        byte[] der = Certificates.issue(spec, Certificates.Issuer.selfSigned(spec,
                CertificateSigner.ofPrivateKey(SignatureScheme.ECDSA_SHA_256, key.privatePkcs8(), new SecureRandom())));
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    /** Accepts one connection and answers its handshake with the validation certificate, negotiating acme-tls/1. */
    private static void serveOnce(ServerSocket server, AsymmetricKeyPair key, X509Certificate certificate, AtomicReference<String> negotiated) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = "test".toCharArray();
            store.setKeyEntry("acme", KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(key.privatePkcs8())),
                    password, new Certificate[] {certificate});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            try (Socket plain = server.accept();
                 SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, null, plain.getPort(), false)) {
                tls.setUseClientMode(false);
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setApplicationProtocols(new String[] {"acme-tls/1"});
                tls.setSSLParameters(parameters);
                tls.startHandshake();
                negotiated.set(tls.getApplicationProtocol());
                tls.getInputStream().read();
            }
        } catch (Exception e) {
            negotiated.compareAndSet(null, "failed: " + e);
        }
    }
}
