package io.citadel.protocol.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citadel.core.Principal;
import io.citadel.protocol.WireRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionTokenTest {

    private static final Instant SIGNED_AT = Instant.parse("2024-01-01T00:00:00Z");
    private static final String TEMP_KEY = "ASIAIOSFODNN7EXAMPLE";
    private static final String TOKEN = "FwoGZXIvYXdzEXAMPLETOKEN+/=";

    private final Map<String, SigningCredential> store = new HashMap<>();
    private final SigV4Verifier verifier = new SigV4Verifier(id -> java.util.Optional.ofNullable(store.get(id)),
            new MutableClock(SIGNED_AT.plusSeconds(5)));

    SessionTokenTest() {
        store.put(TEMP_KEY, new SigningCredential(TEMP_KEY, TestCredentials.SECRET, true,
                Principal.assumedRole(TestCredentials.ACCOUNT, "admin", "s1", "AROAEXAMPLEROLEID0001", TEMP_KEY), TOKEN));
        store.put(TestCredentials.ACCESS_KEY, new SigningCredential(TestCredentials.ACCESS_KEY, TestCredentials.SECRET, true,
                Principal.root(TestCredentials.ACCOUNT, TestCredentials.ACCESS_KEY)));
    }

    private static TestSigner.Spec spec(Map<String, String> extraHeaders, List<Map.Entry<String, String>> query) {
        Map<String, String> headers = new HashMap<>(extraHeaders);
        headers.put("content-type", "application/x-www-form-urlencoded");
        return new TestSigner.Spec("POST", "localhost:4566", List.of(), query, headers,
                "Action=GetCallerIdentity&Version=2011-06-15".getBytes(StandardCharsets.UTF_8));
    }

    private static TestSigner.Key key(String id) {
        return new TestSigner.Key(id, TestCredentials.SECRET, SIGNED_AT, "us-east-1", "sts");
    }

    @Test
    void temporaryCredential_withItsTokenInTheHeader_verifies() {
        WireRequest request = TestSigner.sign(spec(Map.of("x-amz-security-token", TOKEN), List.of()), key(TEMP_KEY));
        assertThat(verifier.verify(request).principal().arn())
                .isEqualTo("arn:aws:sts::" + TestCredentials.ACCOUNT + ":assumed-role/admin/s1");
    }

    @Test
    void temporaryCredential_withoutToken_isRejected() {
        WireRequest request = TestSigner.sign(spec(Map.of(), List.of()), key(TEMP_KEY));
        assertThatThrownBy(() -> verifier.verify(request)).isInstanceOfSatisfying(AuthenticationException.class,
                e -> assertThat(e.failure()).isEqualTo(AuthFailure.UNKNOWN_ACCESS_KEY));
    }

    @Test
    void temporaryCredential_withAnotherToken_isRejected() {
        WireRequest request = TestSigner.sign(spec(Map.of("x-amz-security-token", TOKEN + "x"), List.of()), key(TEMP_KEY));
        assertThatThrownBy(() -> verifier.verify(request)).isInstanceOfSatisfying(AuthenticationException.class,
                e -> assertThat(e.failure()).isEqualTo(AuthFailure.UNKNOWN_ACCESS_KEY));
    }

    @Test
    void presignedTemporaryCredential_withTokenInTheQuery_verifies() {
        WireRequest request = TestSigner.presign(spec(Map.of(), List.of(Map.entry("X-Amz-Security-Token", TOKEN))),
                key(TEMP_KEY), 300);
        assertThat(verifier.verify(request).principal().accessKeyId()).isEqualTo(TEMP_KEY);
    }

    @Test
    void longTermKey_ignoresTheTokenParameter() {
        WireRequest request = TestSigner.sign(spec(Map.of(), List.of()), key(TestCredentials.ACCESS_KEY));
        assertThat(verifier.verify(request).principal().arn()).endsWith(":root");
    }
}
