package io.citadel.acme;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Replay nonces: single use, bounded by their lifetime, purged once expired. */
class NoncesTest {

    private final AcmeHarness h = new AcmeHarness();
    private final Nonces nonces = h.acme.nonces();

    @Test
    void aNonce_isAcceptedOnce() {
        String n = nonces.issue();
        assertThat(n).hasSize(32).matches("[A-Za-z0-9_-]+");
        assertThat(nonces.consume(n)).isTrue();
        assertThat(nonces.consume(n)).isFalse();
    }

    @Test
    void unknownMalformedOrExpiredNonces_areRefused() {
        assertThat(nonces.consume(null)).isFalse();
        assertThat(nonces.consume("short")).isFalse();
        assertThat(nonces.consume("A".repeat(32))).isFalse();
        assertThat(nonces.consume("+".repeat(32))).isFalse();
        String n = nonces.issue();
        h.clock.advance(Nonces.LIFETIME.plusSeconds(1));
        assertThat(nonces.consume(n)).isFalse();
    }

    @Test
    void purge_deletesExpiredNonces_andKeepsFreshOnes() {
        nonces.issue();
        nonces.issue();
        h.clock.advance(Nonces.LIFETIME.plus(Duration.ofMinutes(1)));
        String fresh = nonces.issue();
        assertThat(nonces.purgeExpired()).isEqualTo(2);
        assertThat(h.storage.scan(Nonces.PREFIX, null, 100).entries()).hasSize(1);
        assertThat(nonces.consume(fresh)).isTrue();
    }
}
