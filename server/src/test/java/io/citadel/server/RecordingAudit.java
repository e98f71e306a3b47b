package io.citadel.server;

import io.citadel.core.audit.ApiCall;
import io.citadel.core.audit.AuditRecorder;
import io.citadel.core.audit.AuditUnavailableException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A fake audit trail that keeps what it is handed and can be told to fail. */
final class RecordingAudit implements AuditRecorder {

    final List<ApiCall> intents = new CopyOnWriteArrayList<>();
    final List<ApiCall> records = new CopyOnWriteArrayList<>();
    volatile boolean failIntents;
    volatile boolean failRecords;

    @Override
    public void intend(ApiCall call) {
        if (failIntents) {
            throw new AuditUnavailableException("disk full", null);
        }
        intents.add(call);
    }

    @Override
    public void record(ApiCall call) {
        if (failRecords) {
            throw new AuditUnavailableException("disk full", null);
        }
        records.add(call);
    }
}
