package io.citadel.server;

import io.netty.handler.ssl.OpenSslCachingX509KeyManagerFactory;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.util.SimpleKeyManagerFactory;
import io.netty.internal.tcnative.SSL;
import java.net.Socket;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The listener's one identity as OpenSSL's key manager, which also enforces the handshake signature policy. BoringSSL
 * has no setting for the schemes it signs with and falls back to SHA-1 in TLS 1.2 when a client offers nothing better;
 * so when the client's signature_algorithms hold no scheme of {@link ServerTls#SIGNATURE_SCHEMES} for this key, no
 * certificate is chosen and the handshake fails, as it does on the JDK. Called once per handshake, before the signature.
 */
final class OpenSslIdentityKeyManager extends X509ExtendedKeyManager {

    private static final String ALIAS = "listener";

    /** Both of BoringSSL's spellings: with the curve (TLS 1.3's names) and without (as it prints TLS 1.2's ECDSA schemes). */
    private static final Set<String> ALLOWED = Set.of(
            "ecdsa_secp256r1_sha256", "ecdsa_secp384r1_sha384", "ecdsa_secp521r1_sha512",
            "ecdsa_sha256", "ecdsa_sha384", "ecdsa_sha512", "ed25519", "ed448",
            "rsa_pss_rsae_sha256", "rsa_pss_rsae_sha384", "rsa_pss_rsae_sha512",
            "rsa_pss_pss_sha256", "rsa_pss_pss_sha384", "rsa_pss_pss_sha512",
            "rsa_pkcs1_sha256", "rsa_pkcs1_sha384", "rsa_pkcs1_sha512");

    private final TlsIdentity identity;
    /** The prefix of the scheme names that sign with this key: "ecdsa_", "rsa_" or "ed". */
    private final String schemePrefix;

    OpenSslIdentityKeyManager(TlsIdentity identity) {
        this.identity = identity;
        if (identity.privateKey() instanceof java.security.interfaces.EdECKey ed && ed.getParams().getName().equals("Ed448")) {
            throw new IllegalArgumentException("private key: Ed448 (OpenSSL here, BoringSSL, has no Ed448; use tls-provider jdk)");
        }
        this.schemePrefix = switch (identity.privateKey().getAlgorithm()) {
            case "EC", "ECDSA" -> "ecdsa_";
            case "RSA", "RSASSA-PSS" -> "rsa_";
            case "EdDSA", "Ed25519", "Ed448" -> "ed";
            default -> throw new IllegalArgumentException("private key: algorithm " + identity.privateKey().getAlgorithm()
                    + " (expected: EC, RSA or Ed25519)");
        };
    }

    /** A key manager factory for {@code SslContextBuilder.forServer}: Netty caches the native copy of the key and chain. */
    static KeyManagerFactory factory(TlsIdentity identity) {
        OpenSslIdentityKeyManager manager = new OpenSslIdentityKeyManager(identity);
        return new OpenSslCachingX509KeyManagerFactory(new SimpleKeyManagerFactory() {
            @Override
            protected void engineInit(KeyStore keyStore, char[] password) {
            }

            @Override
            protected void engineInit(ManagerFactoryParameters parameters) {
            }

            @Override
            protected KeyManager[] engineGetKeyManagers() {
                return new KeyManager[] {manager};
            }
        });
    }

    /** True when one of the schemes the client offers may sign with this key (BoringSSL's names). */
    boolean acceptable(String[] offered) {
        if (offered == null) {
            return false;
        }
        for (String scheme : offered) {
            if (scheme.startsWith(schemePrefix) && ALLOWED.contains(scheme)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        if (!(engine instanceof ReferenceCountedOpenSslEngine openSsl)) {
            return null;
        }
        return acceptable(SSL.getSigAlgs(openSsl.sslPointer())) ? ALIAS : null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return new String[] {ALIAS};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? identity.chain().toArray(X509Certificate[]::new) : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? identity.privateKey() : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
