package io.citadel.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.audit.VerificationResult.Kind;
import io.citadel.storage.Barrier;
import io.citadel.storage.RootKey;
import io.citadel.storage.Storage;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Edits, deletes, inserts and swaps rows of the raw database directly (SQL on the backend's table),
 * then checks that the verifier names the first changed position with the right kind.
 */
abstract class TamperContract {

    static final int EVENTS = 12;
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private Storage raw;
    private Barrier sealed;
    private List<String> eventIds;

    /** A fresh raw store of the backend. */
    abstract Storage openRaw();

    /** A JDBC connection to the same database. */
    abstract Connection jdbc() throws SQLException;

    /** The table holding {@code (k, v)}. */
    abstract String table();

    @BeforeEach
    void writeChain() {
        raw = openRaw();
        byte[] key = new byte[RootKey.BYTES];
        new SecureRandom().nextBytes(key);
        sealed = Barrier.open(raw, new RootKey(key));
        Fixtures.MutableClock clock = new Fixtures.MutableClock(T0);
        // Blocks of three group commits (one event each): digests 1..4 cover sequences 1-3, 4-6, 7-9 and 10-12.
        try (AuditTrail trail = AuditTrail.open(sealed, clock, AuditSettings.defaults().withBlocks(3, java.time.Duration.ofHours(1)))) {
            for (int i = 0; i < EVENTS; i++) {
                trail.record(Fixtures.getCallerIdentity(Fixtures.ALICE, T0.plusSeconds(i)));
            }
            eventIds = trail.lookupAll(LookupQuery.all()).events().reversed().stream().map(StoredEvent::eventId).toList();
        }
        VerificationResult clean = AuditVerifier.verify(sealed, raw, null);
        assertThat(clean.ok()).as(clean.summary()).isTrue();
        assertThat(clean.recordsChecked()).isEqualTo(EVENTS);
    }

    @AfterEach
    void closeStore() {
        sealed.close();
    }

    @Test
    void editedRow_isModified_atItsPosition() throws SQLException {
        byte[] value = read(AuditKeys.log(5));
        value[value.length - 20] ^= 1;
        write(AuditKeys.log(5), value);
        expectFirst(Kind.MODIFIED, 5);
    }

    @Test
    void deletedRow_isDeleted_atItsPosition() throws SQLException {
        delete(AuditKeys.log(7));
        expectFirst(Kind.DELETED, 7);
    }

    @Test
    void deletedLastRow_isDeleted() throws SQLException {
        delete(AuditKeys.log(EVENTS));
        expectFirst(Kind.DELETED, EVENTS);
    }

    @Test
    void rowInsertedBeyondTheHead_isInserted() throws SQLException {
        write(AuditKeys.log(EVENTS + 1), read(AuditKeys.log(3)));
        expectFirst(Kind.INSERTED, EVENTS + 1);
    }

    @Test
    void rowInsertedBetweenRecords_isInserted() throws SQLException {
        write(AuditKeys.log(4) + "a", read(AuditKeys.log(4)));
        VerificationResult result = AuditVerifier.verify(sealed, raw, null);
        assertThat(result.ok()).isFalse();
        assertThat(result.findings()).anySatisfy(f -> assertThat(f.kind()).isEqualTo(Kind.INSERTED));
    }

    @Test
    void swappedRows_areModified_atTheFirst() throws SQLException {
        byte[] a = read(AuditKeys.log(8));
        byte[] b = read(AuditKeys.log(9));
        write(AuditKeys.log(8), b);
        write(AuditKeys.log(9), a);
        expectFirst(Kind.MODIFIED, 8);
        VerificationResult sealedOnly = AuditVerifier.verify(sealed);
        assertThat(sealedOnly.first().kind()).isEqualTo(Kind.MODIFIED);
        assertThat(sealedOnly.first().sequence()).isEqualTo(8);
    }

    @Test
    void deletedDigest_isDetected() throws SQLException {
        delete(AuditKeys.digest(2));
        VerificationResult result = AuditVerifier.verify(sealed, raw, null);
        assertThat(result.ok()).as(result.summary()).isFalse();
        assertThat(result.first().kind()).isEqualTo(Kind.DELETED);
        assertThat(result.first().sequence()).isEqualTo(4);
    }

    @Test
    void findings_nameTheEventIdWhenTheRecordStillOpens() {
        // A chain that verifies names no event; a modified-but-openable record is only possible with the
        // root key, which is what the hash check (not the barrier) catches: rewrite record 4 through the barrier.
        ChainRecords.LogRecord r = ChainRecords.decodeChunk(sealed.get(AuditKeys.log(4)).orElseThrow()).getFirst();
        byte[] body = new String(r.body(), java.nio.charset.StandardCharsets.ISO_8859_1)
                .replace("GetCallerIdentity", "GetCallerIdentitx").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        sealed.put(AuditKeys.log(4), ChainRecords.encodeChunk(List.of(new ChainRecords.LogRecord(r.kind(), r.seq(), r.hash(), body))));
        VerificationResult result = AuditVerifier.verify(sealed, raw, null);
        assertThat(result.first().kind()).isEqualTo(Kind.MODIFIED);
        assertThat(result.first().sequence()).isEqualTo(4);
        assertThat(result.first().eventId()).isEqualTo(eventIds.get(3));
    }

    @Test
    void recordMovedToAnotherPositionWithTheRootKey_isReordered() {
        byte[] five = sealed.get(AuditKeys.log(5)).orElseThrow();
        sealed.put(AuditKeys.log(6), five);
        VerificationResult result = AuditVerifier.verify(sealed, raw, null);
        assertThat(result.first().kind()).isEqualTo(Kind.REORDERED);
        assertThat(result.first().sequence()).isEqualTo(6);
    }

    private void expectFirst(Kind kind, long seq) {
        VerificationResult result = AuditVerifier.verify(sealed, raw, null);
        assertThat(result.ok()).as(result.summary()).isFalse();
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.first().kind()).as(result.summary()).isEqualTo(kind);
        assertThat(result.first().sequence()).as(result.summary()).isEqualTo(seq);
    }

    private byte[] read(String key) throws SQLException {
        try (Connection c = jdbc(); PreparedStatement st = c.prepareStatement("SELECT v FROM " + table() + " WHERE k = ?")) {
            st.setString(1, key);
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).as("row " + key).isTrue();
                return rs.getBytes(1);
            }
        }
    }

    private void write(String key, byte[] value) throws SQLException {
        try (Connection c = jdbc();
             PreparedStatement del = c.prepareStatement("DELETE FROM " + table() + " WHERE k = ?");
             PreparedStatement ins = c.prepareStatement("INSERT INTO " + table() + " (k, v) VALUES (?, ?)")) {
            del.setString(1, key);
            del.executeUpdate();
            ins.setString(1, key);
            ins.setBytes(2, value);
            ins.executeUpdate();
        }
    }

    private void delete(String key) throws SQLException {
        try (Connection c = jdbc(); PreparedStatement st = c.prepareStatement("DELETE FROM " + table() + " WHERE k = ?")) {
            st.setString(1, key);
            assertThat(st.executeUpdate()).as("deleted " + key).isEqualTo(1);
        }
    }
}
