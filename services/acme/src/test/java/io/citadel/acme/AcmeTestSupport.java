package io.citadel.acme;

import com.sun.net.httpserver.HttpServer;
import io.citadel.core.crypto.AsymmetricKeyPair;
import io.citadel.core.crypto.KeyPairType;
import io.citadel.core.crypto.KeyPairs;
import io.citadel.core.crypto.SignatureScheme;
import io.citadel.core.crypto.pki.CertificateRequests;
import io.citadel.core.crypto.pki.CertificateSigner;
import io.citadel.core.crypto.pki.DistinguishedNames;
import io.citadel.core.crypto.pki.SubjectAlternativeName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** CSRs, and a loopback HTTP server that answers http-01 tokens from a map (the client's side of the challenge). */
final class AcmeTestSupport {

    private AcmeTestSupport() {
    }

    static AsymmetricKeyPair certificateKey() {
        return KeyPairs.generate(KeyPairType.EC_P256, new SecureRandom());
    }

    static byte[] csr(AsymmetricKeyPair pair, String commonName, String... sans) {
        byte[] subject = DistinguishedNames.encode(List.of(new DistinguishedNames.Attribute(DistinguishedNames.COMMON_NAME, commonName)));
        List<SubjectAlternativeName> names = Arrays.stream(sans).<SubjectAlternativeName>map(SubjectAlternativeName.Dns::new).toList();
        SignatureScheme scheme = pair.publicSpki().length > 200 ? SignatureScheme.RSA_PKCS1_SHA_256 : SignatureScheme.ECDSA_SHA_256;
        return CertificateRequests.create(subject, pair.publicSpki(), names, CertificateSigner.ofPrivateKey(scheme, pair.privatePkcs8(), new SecureRandom()));
    }

    /** Serves {@code /.well-known/acme-challenge/<token>} with the body in {@code tokens}, 404 otherwise. */
    static final class ChallengeServer implements AutoCloseable {
        final Map<String, String> tokens = new ConcurrentHashMap<>();
        /** Token (or path under /moved/) to the Location a 302 answers with. */
        final Map<String, String> redirects = new ConcurrentHashMap<>();
        final HttpServer server;

        ChallengeServer() {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/moved/", exchange -> {
                String body = tokens.get(exchange.getRequestURI().getPath().substring("/moved/".length()));
                byte[] bytes = (body == null ? "not found" : body).getBytes(StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.createContext("/.well-known/acme-challenge/", exchange -> {
                String token = exchange.getRequestURI().getPath().substring("/.well-known/acme-challenge/".length());
                if (redirects.containsKey(token)) {
                    exchange.getResponseHeaders().add("Location", redirects.get(token));
                    exchange.sendResponseHeaders(302, -1);
                    exchange.close();
                    return;
                }
                String body = tokens.get(token);
                byte[] bytes = (body == null ? "not found" : body).getBytes(StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
