package io.citadel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citadel.core.crypto.pki.TlsCertificates;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The adapters app uses for certificates that live in another service (ACM by ARN, an ACM PCA CA's certificate). */
class PolledSourcesTest {

    private final TlsCertificates.Issued ca = TestPki.ca("CA");

    @Test
    void polledIdentity_changesOnlyWhenTheFetchedChainDiffers_andKeepsTheOldOneWhenTheFetchFails() {
        TlsCertificates.Issued leaf = TestPki.server(ca);
        TlsIdentity first = TestPki.identity(leaf, ca);
        AtomicReference<TlsIdentity> owner = new AtomicReference<>(first);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        PolledTlsIdentity source = new PolledTlsIdentity("ACM certificate arn:aws:acm:us-east-1:111122223333:certificate/x", () -> {
            if (failure.get() != null) {
                throw failure.get();
            }
            return owner.get();
        });
        assertThat(source.current()).isSameAs(first);
        owner.set(TestPki.identity(leaf, ca));
        assertThat(source.refresh()).as("same chain, new instance").isFalse();
        assertThat(source.current()).isSameAs(first);

        TlsIdentity renewed = TestPki.identity(TestPki.server(ca), ca);
        owner.set(renewed);
        failure.set(new IllegalStateException("ACM unavailable"));
        assertThat(source.refresh()).isFalse();
        assertThat(source.current()).isSameAs(first);
        failure.set(null);
        assertThat(source.refresh()).isTrue();
        assertThat(source.current()).isSameAs(renewed);
    }

    @Test
    void polledIdentity_thatCannotBeFetchedAtStart_failsNamingTheSource() {
        assertThatThrownBy(() -> new PolledTlsIdentity("ACM certificate arn:x", () -> {
            throw new IllegalArgumentException("certificate is PENDING_VALIDATION");
        })).isInstanceOf(IllegalStateException.class).hasMessage(
                "cannot load the TLS identity from ACM certificate arn:x: certificate is PENDING_VALIDATION");
    }

    @Test
    void polledTrustAnchors_followTheCasCertificate() {
        TlsCertificates.Issued next = TestPki.ca("CA, new certificate");
        AtomicReference<String> caPem = new AtomicReference<>(ca.certificatePem());
        PolledTrustAnchors anchors = new PolledTrustAnchors("private CA arn:aws:acm-pca:x", () -> TrustAnchors.fromPem(caPem.get()),
                client -> java.util.Optional.empty());
        assertThat(anchors.refresh()).isFalse();
        caPem.set(next.certificatePem());
        assertThat(anchors.refresh()).isTrue();
        assertThat(anchors.current().certificates().getFirst().getSubjectX500Principal().getName()).isEqualTo("CN=CA\\, new certificate");
    }
}
