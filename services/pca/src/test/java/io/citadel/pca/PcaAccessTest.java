package io.citadel.pca;

import static io.citadel.pca.PcaHarness.code;
import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.core.crypto.KeyPairType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcaAccessTest {

    @TempDir
    Path reports;
    PcaHarness h;
    String root;

    @BeforeEach
    void start() {
        h = new PcaHarness(reports);
        root = h.activeRoot(null);
    }

    @AfterEach
    void close() {
        h.close();
    }

    private Issuance.IssueInput input() {
        return h.endEntity(root, h.csr(KeyPairType.EC_P256, "svc", List.of()), null);
    }

    @Test
    void userWithoutPermission_isDenied_withIssueCertificate_isAllowed() {
        var nobody = h.ctx(h.user("nobody"));
        assertThat(code(() -> h.pca.issuance().issue(nobody, input()))).isEqualTo("AccessDeniedException");
        var issuer = h.ctx(h.user("issuer", PcaHarness.allow("acm-pca:IssueCertificate", root)));
        assertThat(h.pca.issuance().issue(issuer, input())).startsWith(root + "/certificate/");
        assertThat(code(() -> h.pca.authorities().describe(issuer, root))).isEqualTo("AccessDeniedException");
    }

    @Test
    void otherAccount_needsTheCasResourcePolicy() {
        assertThat(code(() -> h.pca.issuance().issue(h.b(), input()))).isEqualTo("AccessDeniedException");
        h.pca.controls().putPolicy(h.a(), root, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + h.accountB + "\"},\"Action\":[\"acm-pca:IssueCertificate\",\"acm-pca:GetCertificate\"],\"Resource\":\"" + root + "\"}]}");
        String arn = h.pca.issuance().issue(h.b(), input());
        assertThat(h.pca.issuance().get(h.b(), root, arn).certificate()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(h.pca.controls().policy(h.a(), root)).contains(h.accountB);
        h.pca.controls().deletePolicy(h.a(), root);
        assertThat(code(() -> h.pca.issuance().issue(h.b(), input()))).isEqualTo("AccessDeniedException");
        assertThat(code(() -> h.pca.controls().policy(h.a(), root))).isEqualTo("ResourceNotFoundException");
        assertThat(code(() -> h.pca.controls().putPolicy(h.a(), root, "{not json"))).isEqualTo("InvalidPolicyException");
    }

    @Test
    void acmPermission_letsTheServiceIssueForACallerWithoutIamPermission() {
        var caller = h.ctx(h.user("acm-user"));
        assertThat(code(() -> h.pca.issueCertificate(caller, Pca.ACM_PRINCIPAL, input()))).isEqualTo("AccessDeniedException");
        h.pca.controls().createPermission(h.a(), root, Pca.ACM_PRINCIPAL, null, List.of("IssueCertificate", "GetCertificate", "ListPermissions"));
        Issuance.Issued issued = h.pca.issueCertificate(caller, Pca.ACM_PRINCIPAL, input());
        assertThat(issued.chain()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(h.pca.certificate(caller, Pca.ACM_PRINCIPAL, root, issued.certificateArn()).certificate()).isEqualTo(issued.certificate());
        assertThat(code(() -> h.pca.issueCertificate(h.b(), Pca.ACM_PRINCIPAL, input()))).as("grant is for account A").isEqualTo("AccessDeniedException");
        assertThat(h.pca.controls().permissions(h.a(), root)).singleElement().satisfies(p -> {
            assertThat(p.principal()).isEqualTo("acm.amazonaws.com");
            assertThat(p.actions()).containsExactly("GetCertificate", "IssueCertificate", "ListPermissions");
            assertThat(p.sourceAccount()).isEqualTo(h.accountA);
        });
        assertThat(code(() -> h.pca.controls().createPermission(h.a(), root, Pca.ACM_PRINCIPAL, null, List.of("IssueCertificate"))))
                .isEqualTo("PermissionAlreadyExistsException");
        h.pca.controls().deletePermission(h.a(), root, Pca.ACM_PRINCIPAL, null);
        assertThat(code(() -> h.pca.issueCertificate(caller, Pca.ACM_PRINCIPAL, input()))).isEqualTo("AccessDeniedException");
        assertThat(code(() -> h.pca.controls().deletePermission(h.a(), root, Pca.ACM_PRINCIPAL, null))).isEqualTo("ResourceNotFoundException");
    }

    @Test
    void createPermission_forAnotherPrincipalOrAction_isInvalidArgs() {
        assertThat(code(() -> h.pca.controls().createPermission(h.a(), root, "ec2.amazonaws.com", null, List.of("IssueCertificate"))))
                .isEqualTo("InvalidArgsException");
        assertThat(code(() -> h.pca.controls().createPermission(h.a(), root, Pca.ACM_PRINCIPAL, null, List.of("RevokeCertificate"))))
                .isEqualTo("InvalidArgsException");
    }

    @Test
    void tags_addRemoveAndLimit() {
        h.pca.controls().tag(h.a(), root, Map.of("team", "pki", "env", "test"));
        h.pca.controls().untag(h.a(), root, List.of("env"));
        assertThat(h.pca.controls().tags(h.a(), root)).containsExactly(Map.entry("team", "pki"));
        Map<String, String> many = new java.util.HashMap<>();
        for (int i = 0; i < 50; i++) {
            many.put("k" + i, "v");
        }
        assertThat(code(() -> h.pca.controls().tag(h.a(), root, many))).isEqualTo("TooManyTagsException");
    }

    @Test
    void auditReport_listsIssuedAndRevokedCertificates_underTheReportDirectory() throws Exception {
        Issuance.Issued leaf = h.pca.issuance().get(h.a(), root, h.pca.issuance().issue(h.a(), input()));
        h.pca.issuance().revoke(h.a(), root, leaf.serial(), "SUPERSEDED");
        AuditReports.Created json = h.pca.reports().create(h.a(), root, "audit-bucket", "JSON");
        AuditReports.Created csv = h.pca.reports().create(h.a(), root, "audit-bucket", "CSV");
        String text = Files.readString(reports.resolve("audit-bucket").resolve(json.s3Key()), StandardCharsets.UTF_8);
        assertThat(text).contains(leaf.serial()).contains("SUPERSEDED").contains(leaf.certificateArn());
        assertThat(Files.readAllLines(reports.resolve("audit-bucket").resolve(csv.s3Key()))).hasSize(3);
        AuditReports.Described d = h.pca.reports().describe(h.a(), root, json.reportId());
        assertThat(d.status()).isEqualTo("SUCCESS");
        assertThat(d.s3Key()).isEqualTo(json.s3Key());
        assertThat(code(() -> h.pca.reports().create(h.a(), root, "../escape", "JSON"))).isEqualTo("InvalidArgsException");
    }
}
