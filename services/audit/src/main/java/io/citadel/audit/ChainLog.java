package io.citadel.audit;

import io.citadel.audit.ChainRecords.LogRecord;
import io.citadel.storage.Entry;
import io.citadel.storage.ScanPage;
import io.citadel.storage.Storage;
import java.io.IOException;

/** Reads the chain's log rows in order: the records after one sequence number up to another, as stored. */
final class ChainLog {

    private ChainLog() {
    }

    /** What is done with each record; {@code offset} is its position in its chunk (event ids derive from it). */
    interface Visitor {
        void visit(LogRecord record, int offset) throws IOException;
    }

    /**
     * Visits every stored record with {@code afterSeq < seq <= upToSeq}, in sequence order (records
     * removed by retention are simply absent), scanning {@code rowsPerScan} chunk rows at a time.
     */
    static void read(Storage storage, long afterSeq, long upToSeq, int rowsPerScan, Visitor visitor) throws IOException {
        String after = AuditKeys.log(Math.max(0, afterSeq + 1 - ChainRecords.CHUNK_RECORDS));
        while (true) {
            ScanPage page = storage.scan(AuditKeys.LOG, after, rowsPerScan);
            for (Entry e : page.entries()) {
                long chunkFirst = AuditKeys.parseNumber(e.key(), AuditKeys.LOG);
                for (LogRecord r : ChainRecords.decodeChunk(e.value())) {
                    if (r.seq() > upToSeq) {
                        return;
                    }
                    if (r.seq() > afterSeq) {
                        visitor.visit(r, (int) (r.seq() - chunkFirst));
                    }
                }
            }
            if (!page.hasMore()) {
                return;
            }
            after = page.lastKey().orElseThrow();
        }
    }
}
