package io.citadel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citadel.core.crypto.pki.TlsCertificates;
import io.netty.handler.ssl.OpenSsl;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which offered signature schemes let the OpenSSL listener sign; the fallback provider is the JDK where OpenSSL does not load. */
class OpenSslIdentityKeyManagerTest {

    private final TlsCertificates.Issued ca = TestPki.ca("Test CA");
    private final OpenSslIdentityKeyManager ec = new OpenSslIdentityKeyManager(TestPki.identity(TestPki.server(ca), ca));

    @Test
    void ecKey_signsOnlyWithEcdsaSha2() {
        assertThat(ec.acceptable(new String[] {"ecdsa_secp256r1_sha256"})).isTrue();
        assertThat(ec.acceptable(new String[] {"ecdsa_sha1", "ecdsa_sha384"})).isTrue();
        assertThat(ec.acceptable(new String[] {"ecdsa_sha1"})).isFalse();
        assertThat(ec.acceptable(new String[] {"ecdsa_sha224", "ecdsa_sha1", "rsa_pkcs1_sha256", "rsa_pss_rsae_sha256"}))
                .as("SHA-2 schemes for RSA do not let an EC key sign").isFalse();
        assertThat(ec.acceptable(new String[0])).as("no signature_algorithms: TLS 1.2's SHA-1 default").isFalse();
        assertThat(ec.acceptable(null)).isFalse();
    }

    @Test
    void keyOfAnotherAlgorithm_isRefusedWhenBuilt() throws Exception {
        PrivateKey dsa = KeyPairGenerator.getInstance("DSA").generateKeyPair().getPrivate();
        TlsIdentity identity = TestPki.identity(TestPki.server(ca), ca);
        assertThatThrownBy(() -> new OpenSslIdentityKeyManager(new TlsIdentity(dsa, identity.chain())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(List.of(identity.privateKey().getAlgorithm())).containsAnyOf("EC", "ECDSA");
    }

    @Test
    void auto_isOpenSslWhereItLoads() {
        assertThat(OpenSsl.isAvailable()).as("netty-tcnative on this machine: %s", OpenSsl.unavailabilityCause()).isTrue();
        assertThat(TlsProvider.AUTO.resolve()).isEqualTo(TlsProvider.OPENSSL);
        assertThat(TlsProvider.JDK.resolve()).isEqualTo(TlsProvider.JDK);
        assertThat(TlsProvider.parse("openssl")).isEqualTo(TlsProvider.OPENSSL);
        assertThatThrownBy(() -> TlsProvider.parse("boringssl")).hasMessage("tls-provider: boringssl (expected: auto, openssl or jdk)");
    }
}
