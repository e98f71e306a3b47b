package io.citadel.audit;

import io.citadel.audit.ChainRecords.Anchor;
import io.citadel.audit.ChainRecords.Digest;
import io.citadel.storage.Entry;
import io.citadel.storage.ScanPage;
import io.citadel.storage.Storage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Removes the oldest blocks whose digest is older than a cutoff, one block per transaction: their
 * log chunks, index rows (listed in the block's manifest), manifest and digest, and
 * moves the signed anchor past them, so verification starts at the anchor and still passes.
 */
final class AuditRetention {

    private final Storage storage;
    private final SigningKeys keys;

    AuditRetention(Storage storage, SigningKeys keys) {
        this.storage = storage;
        this.keys = keys;
    }

    long removeBefore(Instant cutoff) {
        long removed = 0;
        while (true) {
            Long n = storage.transaction(tx -> {
                Anchor anchor = tx.get(AuditKeys.ANCHOR).map(Anchor::decode).orElse(Anchor.GENESIS);
                Optional<Digest> digest = tx.get(AuditKeys.digest(anchor.firstBlock())).map(Digest::decode);
                if (digest.isEmpty() || digest.get().timeMillis() >= cutoff.toEpochMilli()) {
                    return -1L;
                }
                Digest d = digest.get();
                long count = 0;
                List<String> chunkKeys = new ArrayList<>();
                String after = AuditKeys.log(d.firstSeq() - 1);
                boolean more = true;
                while (more) {
                    ScanPage page = tx.scan(AuditKeys.LOG, after, 100);
                    for (Entry e : page.entries()) {
                        if (AuditKeys.parseNumber(e.key(), AuditKeys.LOG) > d.lastSeq()) {
                            more = false;
                            break;
                        }
                        chunkKeys.add(e.key());
                    }
                    more = more && page.hasMore();
                    after = page.lastKey().orElse(after);
                }
                chunkKeys.forEach(tx::delete);
                count = d.lastSeq() - d.firstSeq() + 1;
                tx.get(AuditKeys.manifest(d.block())).ifPresent(m -> AuditTrail.lines(m).forEach(tx::delete));
                tx.delete(AuditKeys.manifest(d.block()));
                tx.delete(AuditKeys.digest(d.block()));
                tx.put(AuditKeys.ANCHOR, Anchor.sign(keys.signer(), keys.keyId(), d.lastSeq() + 1, d.lastHash(),
                        d.block() + 1, d.timeMillis()).encode());
                return count;
            });
            if (n < 0) {
                return removed;
            }
            removed += n;
        }
    }
}
