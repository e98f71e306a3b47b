package io.citadel.server;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener's TLS policy and its Netty context. Only TLS 1.3 and 1.2; for 1.2 only ECDHE with AEAD ciphers
 * (no CBC, no RSA key exchange, no SHA-1 MACs), elliptic-curve key exchange only, and no SHA-1 or SHA-224 handshake
 * signatures. The context is built
 * for one identity and one set of client trust anchors; when a source hands out a new instance, the next connection
 * gets a context built for it, and connections already open keep the engine (and certificate) they started with.
 * Handshakes run on OpenSSL (BoringSSL through netty-tcnative) where it loads, else on the JDK; both enforce the same lists.
 */
final class ServerTls {

    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);

    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    static final String[] SIGNATURE_SCHEMES = {
            "ecdsa_secp256r1_sha256", "ecdsa_secp384r1_sha384", "ecdsa_secp521r1_sha512", "ed25519", "ed448",
            "rsa_pss_rsae_sha256", "rsa_pss_rsae_sha384", "rsa_pss_rsae_sha512",
            "rsa_pss_pss_sha256", "rsa_pss_pss_sha384", "rsa_pss_pss_sha512",
            "rsa_pkcs1_sha256", "rsa_pkcs1_sha384", "rsa_pkcs1_sha512"};

    /** Elliptic-curve groups only (no finite-field DH in TLS 1.3 either); the hybrid post-quantum group where the JDK has it (unknown names are ignored). */
    static final String[] NAMED_GROUPS = {"X25519MLKEM768", "x25519", "secp256r1", "secp384r1", "secp521r1", "x448"};

    /**
     * The same groups in BoringSSL's names, minus x448 (which BoringSSL lacks). BoringSSL has no finite-field groups at all,
     * and never signs a TLS 1.3 handshake with SHA-1 or PKCS#1.
     */
    static final String[] OPENSSL_GROUPS = {"X25519MLKEM768", "X25519", "P-256", "P-384", "P-521"};

    private record Built(TlsIdentity identity, TrustAnchors anchors, SslContext context) {
    }

    private final TlsSettings settings;
    private final TlsProvider provider;
    private volatile Built built;
    /** The last pair that could not be built, so that every new connection does not try again. */
    private volatile Built rejected;

    /** Builds the first context now, so a bad certificate or anchor fails the start rather than the first client. */
    ServerTls(TlsSettings settings) {
        this.settings = settings;
        this.provider = settings.provider().resolve();
        TlsIdentity identity = settings.identity().current();
        TrustAnchors anchors = settings.requiresClientCertificates() ? settings.clientTrustAnchors().current() : null;
        try {
            this.built = new Built(identity, anchors, build(identity, anchors));
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot build the TLS context for certificate "
                    + identity.leaf().getSubjectX500Principal().getName() + ": " + e.getMessage(), e);
        }
        LOG.info("TLS: handshakes by {} ({}{})", provider == TlsProvider.OPENSSL ? "OpenSSL" : "the JDK",
                provider == TlsProvider.OPENSSL ? OpenSsl.versionString() : "SunJSSE, Java " + Runtime.version(),
                settings.provider() == TlsProvider.AUTO && provider == TlsProvider.JDK
                        ? "; OpenSSL does not load here: " + OpenSsl.unavailabilityCause() : "");
    }

    /** OPENSSL or JDK: the implementation this listener's handshakes run on. */
    TlsProvider provider() {
        return provider;
    }

    /** A handler for one new connection, with the identity and anchors current now. */
    SslHandler newHandler(ByteBufAllocator alloc) {
        SslHandler handler = current().context().newHandler(alloc);
        if (provider == TlsProvider.OPENSSL) {
            return handler; // groups are the context's (OPENSSL_GROUPS)
        }
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setSignatureSchemes(SIGNATURE_SCHEMES);
        parameters.setNamedGroups(NAMED_GROUPS);
        engine.setSSLParameters(parameters);
        return handler;
    }

    boolean requiresClientCertificates() {
        return settings.requiresClientCertificates();
    }

    private Built current() {
        Built b = built;
        TlsIdentity identity = settings.identity().current();
        TrustAnchors anchors = settings.requiresClientCertificates() ? settings.clientTrustAnchors().current() : null;
        if (b.identity() == identity && b.anchors() == anchors) {
            return b;
        }
        Built failed = rejected;
        if (failed != null && failed.identity() == identity && failed.anchors() == anchors) {
            return b;
        }
        synchronized (this) {
            b = built;
            if (b.identity() == identity && b.anchors() == anchors) {
                return b;
            }
            try {
                Built next = new Built(identity, anchors, build(identity, anchors));
                built = next;
                LOG.info("TLS: new handshakes present serial {} (valid until {}){}", identity.serial().toString(16),
                        identity.notAfter(), anchors == null ? "" : ", client certificates from " + anchors.certificates().size() + " CAs");
                return next;
            } catch (SSLException | IllegalArgumentException e) {
                LOG.warn("TLS: cannot build a context for serial {}, still presenting serial {}: {}", identity.serial().toString(16),
                        b.identity().serial().toString(16), e.getMessage());
                rejected = new Built(identity, anchors, null);
                return b;
            }
        }
    }

    private SslContext build(TlsIdentity identity, TrustAnchors anchors) throws SSLException {
        SslContextBuilder builder;
        if (provider == TlsProvider.OPENSSL) {
            // the key is handed to BoringSSL only in a handshake: OpenSslIdentityKeyManager refuses what it cannot load now
            // OPENSSL, not OPENSSL_REFCNT: an engine keeps its context alive, so a replaced context is freed only
            // when the last connection that uses it is gone
            builder = SslContextBuilder.forServer(OpenSslIdentityKeyManager.factory(identity))
                    .sslProvider(SslProvider.OPENSSL)
                    .option(OpenSslContextOption.GROUPS, OPENSSL_GROUPS);
        } else {
            builder = SslContextBuilder.forServer(identity.privateKey(), identity.chain().toArray(X509Certificate[]::new))
                    .sslProvider(SslProvider.JDK);
        }
        builder.protocols(PROTOCOLS).ciphers(CIPHER_SUITES, SupportedCipherSuiteFilter.INSTANCE);
        if (anchors != null) {
            builder.clientAuth(ClientAuth.REQUIRE).trustManager(ClientCertificateTrust.of(anchors, settings.clientTrustAnchors()));
        }
        SslContext context = builder.build();
        if (context instanceof ReferenceCountedOpenSslContext openSsl) {
            // one TLS 1.3 session ticket per handshake, as the JDK sends (BoringSSL would send two)
            io.netty.internal.tcnative.SSLContext.setNumTickets(openSsl.sslCtxPointer(), 1);
        }
        return context;
    }
}
