package io.citadel.pca;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citadel.core.RequestContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * CreateCertificateAuthorityAuditReport / DescribeCertificateAuthorityAuditReport. AWS writes the report to an S3
 * bucket; there is no S3 here, so the report is written under the node's audit-report directory as
 * {@code <dir>/<bucket>/audit-report/<ca-id>/<report-id>.<json|csv>}, and S3Key is the path below the bucket.
 */
public final class AuditReports {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One report: where it went and when. */
    record Report(String id, String bucket, String key, String status, Instant createdAt) {
    }

    /** What Create returns. */
    public record Created(String reportId, String s3Key) {
    }

    /** What Describe returns. */
    public record Described(String status, String s3BucketName, String s3Key, Instant createdAt) {
    }

    private final PcaEnvironment env;

    AuditReports(PcaEnvironment env) {
        this.env = env;
    }

    public Created create(RequestContext ctx, String arn, String bucket, String format) {
        StoredAuthority ca = env.storage.transaction(tx -> env.find(tx, ctx, arn));
        env.require(ctx, "CreateCertificateAuthorityAuditReport", ca);
        Authorities.requireNotDeleted(ca);
        if (!ca.hasCertificate()) {
            throw PcaErrors.invalidState("The certificate authority " + arn + " is in status " + ca.status() + " (expected: ACTIVE or DISABLED)");
        }
        if (bucket.contains("..") || bucket.startsWith("/") || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw PcaErrors.invalidArgs("S3BucketName: " + bucket + " (expected: an S3 bucket name, 3..63 of a-z 0-9 . -)");
        }
        String id = UUID.randomUUID().toString();
        String extension = format.equals("CSV") ? "csv" : "json";
        String key = "audit-report/" + ca.id() + "/" + id + "." + extension;
        List<StoredCertificate> certificates = env.storage.transaction(tx -> PcaRepository.certificates(tx, ca));
        byte[] body = format.equals("CSV") ? csv(ca, certificates) : json(ca, certificates);
        Path target = env.settings.auditReportDir().resolve(bucket).resolve(key);
        try {
            Files.createDirectories(target.getParent());
            Path temp = target.resolveSibling(id + ".tmp");
            Files.write(temp, body);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw PcaErrors.error(PcaErrors.REQUEST_FAILED, "The audit report could not be written: " + e.getMessage());
        }
        Report report = new Report(id, bucket, key, "SUCCESS", env.now());
        env.storage.transaction(tx -> {
            PcaRepository.putReport(tx, ca, report);
            return null;
        });
        return new Created(id, key);
    }

    public Described describe(RequestContext ctx, String arn, String reportId) {
        StoredAuthority ca = env.storage.transaction(tx -> env.find(tx, ctx, arn));
        env.require(ctx, "DescribeCertificateAuthorityAuditReport", ca);
        Report r = env.storage.transaction(tx -> PcaRepository.report(tx, ca, reportId)).orElseThrow(() ->
                PcaErrors.error(PcaErrors.NOT_FOUND, "Could not find audit report " + reportId + " of " + arn));
        return new Described(r.status(), r.bucket(), r.key(), r.createdAt());
    }

    private static byte[] json(StoredAuthority ca, List<StoredCertificate> certificates) {
        ArrayNode out = JSON.createArrayNode();
        for (StoredCertificate c : certificates) {
            ObjectNode row = out.addObject();
            row.put("awsAccountId", ca.account());
            row.put("requestedByServicePrincipal", c.requestedBy() != null && c.requestedBy().endsWith(".amazonaws.com") ? c.requestedBy() : null);
            row.put("certificateArn", c.arn());
            row.put("serial", Serials.colons(c.serial()));
            row.put("subject", c.subject());
            row.put("notBefore", c.notBefore().toString());
            row.put("notAfter", c.notAfter().toString());
            row.put("issuedAt", c.issuedAt().toString());
            row.put("revokedAt", c.revokedAt() == null ? null : c.revokedAt().toString());
            row.put("revocationReason", c.revocationReason());
            row.put("templateArn", c.templateArn());
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] csv(StoredAuthority ca, List<StoredCertificate> certificates) {
        StringBuilder out = new StringBuilder(
                "awsAccountId,requestedByServicePrincipal,certificateArn,serial,subject,notBefore,notAfter,issuedAt,revokedAt,revocationReason,templateArn\n");
        for (StoredCertificate c : certificates) {
            out.append(String.join(",", List.of(ca.account(),
                    c.requestedBy() != null && c.requestedBy().endsWith(".amazonaws.com") ? c.requestedBy() : "",
                    c.arn(), Serials.colons(c.serial()), quote(c.subject()), c.notBefore().toString(), c.notAfter().toString(),
                    c.issuedAt().toString(), c.revokedAt() == null ? "" : c.revokedAt().toString(),
                    c.revocationReason() == null ? "" : c.revocationReason(), c.templateArn()))).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
