package io.citadel.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citadel.core.ErrorCode;
import io.citadel.core.ServiceException;
import io.citadel.storage.InMemoryStorage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The listener's ACM certificate in InUseBy across restarts: marked while served, released when the setting moves on. */
class NodeTlsCertificateUseTest {

    private static final String A = "arn:aws:acm:us-east-1:111122223333:certificate/aaaaaaaa-0000-0000-0000-000000000001";
    private static final String B = "arn:aws:acm:eu-west-1:444455556666:certificate/bbbbbbbb-0000-0000-0000-000000000002";
    private static final String LISTENER = "node-a/4566";

    private final InMemoryStorage storage = new InMemoryStorage();
    private final List<String> calls = new ArrayList<>();
    private final NodeTlsCertificateUse.CertificateUse recording = new NodeTlsCertificateUse.CertificateUse() {
        @Override
        public void mark(String certificateArn, String user) {
            calls.add("mark " + certificateArn + " " + user);
        }

        @Override
        public void release(String certificateArn, String user) {
            calls.add("release " + certificateArn + " " + user);
        }
    };

    @Test
    void userArn_isTheListenerInTheCertificatesAccountAndRegion() {
        assertThat(NodeTlsCertificateUse.userArn(A, LISTENER)).isEqualTo("arn:aws:citadel:us-east-1:111122223333:listener/node-a/4566");
        assertThat(NodeTlsCertificateUse.userArn(B, LISTENER)).isEqualTo("arn:aws:citadel:eu-west-1:444455556666:listener/node-a/4566");
        assertThatThrownBy(() -> NodeTlsCertificateUse.userArn("arn:aws:acm-pca:us-east-1:111122223333:certificate-authority/x", LISTENER))
                .hasMessageContaining("expected: an ACM certificate ARN");
    }

    @Test
    void restarts_markTheServedCertificate_andReleaseTheOneServedBefore() {
        String userA = NodeTlsCertificateUse.userArn(A, LISTENER);
        String userB = NodeTlsCertificateUse.userArn(B, LISTENER);
        NodeTlsCertificateUse.update(storage, recording, LISTENER, A);
        assertThat(calls).containsExactly("mark " + A + " " + userA);

        calls.clear();
        NodeTlsCertificateUse.update(storage, recording, LISTENER, A);
        assertThat(calls).as("same setting: nothing released").containsExactly("mark " + A + " " + userA);

        calls.clear();
        NodeTlsCertificateUse.update(storage, recording, LISTENER, B);
        assertThat(calls).containsExactly("release " + A + " " + userA, "mark " + B + " " + userB);

        calls.clear();
        NodeTlsCertificateUse.update(storage, recording, "node-b/4566", A);
        assertThat(calls).as("another listener on the same storage does not release this one's").hasSize(1).allMatch(c -> c.startsWith("mark "));

        calls.clear();
        NodeTlsCertificateUse.update(storage, recording, LISTENER, null);
        assertThat(calls).as("PEM files or bootstrap now").containsExactly("release " + B + " " + userB);
        calls.clear();
        NodeTlsCertificateUse.update(storage, recording, LISTENER, null);
        assertThat(calls).isEmpty();
    }

    @Test
    void aCertificateThatCannotBeReleased_isForgotten_andTheNewOneStillMarked() {
        NodeTlsCertificateUse.update(storage, recording, LISTENER, A);
        NodeTlsCertificateUse.CertificateUse gone = new NodeTlsCertificateUse.CertificateUse() {
            @Override
            public void mark(String certificateArn, String user) {
                calls.add("mark " + certificateArn);
            }

            @Override
            public void release(String certificateArn, String user) {
                throw new ServiceException(ErrorCode.sender("ResourceNotFoundException", 400), "Certificate " + certificateArn + " not found");
            }
        };
        calls.clear();
        NodeTlsCertificateUse.update(storage, gone, LISTENER, B);
        assertThat(calls).containsExactly("mark " + B);
        calls.clear();
        NodeTlsCertificateUse.update(storage, recording, LISTENER, null);
        assertThat(calls).as("only B is remembered").containsExactly("release " + B + " " + NodeTlsCertificateUse.userArn(B, LISTENER));
    }
}
