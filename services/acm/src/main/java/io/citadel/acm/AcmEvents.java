package io.citadel.acm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citadel.core.events.AwsEvent;
import io.citadel.storage.Storage;
import io.citadel.storage.Transaction;
import io.citadel.storage.outbox.Outbox;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * ACM's EventBridge events as AWS documents them, source aws.acm, resources [certificate ARN], written to the
 * storage {@link Outbox} in the same transaction as the change: "ACM Certificate Approaching Expiration" (daily
 * from DaysBeforeExpiry days out), "ACM Certificate Expired", "ACM Certificate Available" (Action ISSUANCE,
 * RENEWAL, IMPORT, REIMPORT) and "ACM Certificate Renewal Action Required".
 */
public final class AcmEvents {

    public static final String APPROACHING_EXPIRATION = "ACM Certificate Approaching Expiration";
    public static final String EXPIRED = "ACM Certificate Expired";
    public static final String AVAILABLE = "ACM Certificate Available";
    public static final String RENEWAL_ACTION_REQUIRED = "ACM Certificate Renewal Action Required";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Storage storage;

    AcmEvents(Storage storage) {
        this.storage = storage;
    }

    static void approachingExpiration(Transaction tx, StoredCertificate c, Instant now, long daysToExpiry) {
        ObjectNode detail = JSON.createObjectNode().put("DaysToExpiry", daysToExpiry).put("CommonName", c.domainName());
        emit(tx, c, now, APPROACHING_EXPIRATION, detail);
    }

    static void expired(Transaction tx, StoredCertificate c, Instant now) {
        ObjectNode detail = common(c);
        detail.put("DaysToExpiry", 0);
        emit(tx, c, now, EXPIRED, detail);
    }

    static void available(Transaction tx, StoredCertificate c, Instant now, String action) {
        ObjectNode detail = JSON.createObjectNode().put("Action", action);
        detail.setAll(common(c));
        emit(tx, c, now, AVAILABLE, detail);
    }

    static void renewalActionRequired(Transaction tx, StoredCertificate c, Instant now, String renewalStatus, long daysToExpiry) {
        ObjectNode detail = common(c);
        detail.put("RenewalStatus", renewalStatus).put("DaysToExpiry", daysToExpiry);
        emit(tx, c, now, RENEWAL_ACTION_REQUIRED, detail);
    }

    private static ObjectNode common(StoredCertificate c) {
        ObjectNode d = JSON.createObjectNode().put("CertificateType", c.type().name()).put("CommonName", c.domainName());
        if (c.validationMethod() != null) {
            d.put("DomainValidationMethod", c.validationMethod());
        }
        d.put("CertificateCreatedDate", seconds(c.createdAt()));
        if (c.x509() != null) {
            d.put("CertificateExpirationDate", seconds(c.x509().notAfter()));
        }
        d.put("InUse", c.inUseBy().isEmpty() ? "FALSE" : "TRUE").put("Exported", c.exported() ? "TRUE" : "FALSE");
        return d;
    }

    private static String seconds(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static void emit(Transaction tx, StoredCertificate c, Instant now, String detailType, ObjectNode detail) {
        AwsEvent event = new AwsEvent(UUID.randomUUID().toString(), detailType, "aws.acm", c.account(), now, c.region(), List.of(c.arn()),
                detail.toString());
        Outbox.append(tx, now, event.json());
    }

    /** The ACM events of one account and region still waiting in the outbox, oldest first (for tests and operators). */
    public List<String> list(String account, String region) {
        String mine = "\"account\":\"" + account + "\"";
        String inRegion = "\"region\":\"" + region + "\"";
        return storage.transaction(tx -> Outbox.all(tx).stream().map(Outbox.Message::eventJson)
                .filter(json -> json.contains("\"source\":\"aws.acm\"") && json.contains(mine) && json.contains(inRegion))
                .toList());
    }
}
