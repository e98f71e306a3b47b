package io.citadel.acm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ListCertificates (statuses, Includes, sorting, paging), tags, DeleteCertificate and UpdateCertificateOptions. */
class ListTagsAndDeleteTest {

    private final AcmHarness h = new AcmHarness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void list_filtersByStatusAndKeyType_sortsAndPages() {
        h.clock.advance(java.time.Duration.ofNanos(123_456_789));
        String rsaPending = h.requestDns("a.example.com");
        h.clock.advance(java.time.Duration.ofNanos(1_000_001));
        String ecIssued = h.requestPrivate("b.corp.example", "EC_prime256v1");
        h.clock.advance(java.time.Duration.ofNanos(1_000_001));
        String rsaIssued = h.requestPrivate("c.corp.example", "RSA_2048");

        assertThat(ids(h.acm.reads().list(h.ctx(), null, null, null, null, null, null))).as("RSA_1024 and RSA_2048 by default")
                .containsExactly(rsaPending, rsaIssued);
        assertThat(ids(h.acm.reads().list(h.ctx(), null, new CertificateReads.Includes(List.of("EC_prime256v1", "RSA_2048"), null, null, null,
                null), "CREATED_AT", "DESCENDING", null, null))).containsExactly(rsaIssued, ecIssued, rsaPending);
        assertThat(ids(h.acm.reads().list(h.ctx(), List.of("ISSUED"), null, null, null, null, null))).containsExactly(rsaIssued);
        assertThat(ids(h.acm.reads().list(h.ctx(), null, new CertificateReads.Includes(List.of("EC_prime256v1", "RSA_2048"), null,
                List.of("TLS_WEB_SERVER_AUTHENTICATION"), null, null), null, null, null, null))).containsExactly(ecIssued, rsaIssued);
        assertThat(ids(h.acm.reads().list(h.ctx(), null, new CertificateReads.Includes(List.of("EC_prime256v1", "RSA_2048"),
                List.of("KEY_ENCIPHERMENT"), null, null, null), null, null, null, null))).containsExactly(rsaIssued);

        List<String> paged = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            CertificateReads.Page page = h.acm.reads().list(h.ctx(), null, new CertificateReads.Includes(List.of("EC_prime256v1", "RSA_2048"),
                    null, null, null, null), null, null, 1, token);
            paged.addAll(ids(page));
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertThat(paged).containsExactly(rsaPending, ecIssued, rsaIssued);
        assertThat(pages).isEqualTo(3);
        assertThat(AcmHarness.code(() -> h.acm.reads().list(h.ctx(), null, null, null, null, null, "bogus"))).isEqualTo("InvalidArgsException");
        assertThat(AcmHarness.code(() -> h.acm.reads().list(h.ctx(), List.of("NOPE"), null, null, null, null, null))).isEqualTo("ValidationException");
    }

    private static List<String> ids(CertificateReads.Page page) {
        return page.items().stream().map(StoredCertificate::arn).toList();
    }

    @Test
    void tags_addListRemove_withAwsLimits() {
        String arn = h.requestPrivate("tags.corp.example", null);
        h.acm.tags().add(h.ctx(), arn, Map.of("env", "prod", "team", "web"));
        assertThat(h.acm.tags().list(h.ctx(), arn)).containsOnly(Map.entry("env", "prod"), Map.entry("team", "web"));
        h.acm.tags().remove(h.ctx(), arn, List.of(new CertificateTags.Removal("env", "staging"), new CertificateTags.Removal("team", null)));
        assertThat(h.acm.tags().list(h.ctx(), arn)).containsOnly(Map.entry("env", "prod"));
        assertThat(AcmHarness.code(() -> h.acm.tags().add(h.ctx(), arn, Map.of("aws:reserved", "x")))).isEqualTo("InvalidTagException");
        Map<String, String> many = new java.util.HashMap<>();
        for (int i = 0; i < 50; i++) {
            many.put("k" + i, "v");
        }
        assertThat(AcmHarness.code(() -> h.acm.tags().add(h.ctx(), arn, many))).isEqualTo("TooManyTagsException");
    }

    @Test
    void delete_isRefusedWhileInUse() {
        String arn = h.requestPrivate("del.corp.example", null);
        String user = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/lb/1";
        h.acm.updates().markInUse(AcmHarness.ACCOUNT, AcmHarness.REGION, arn, user);
        assertThat(h.describe(arn).inUseBy()).containsExactly(user);
        assertThat(AcmHarness.code(() -> h.acm.updates().delete(h.ctx(), arn))).isEqualTo("ResourceInUseException");
        h.acm.updates().release(AcmHarness.ACCOUNT, AcmHarness.REGION, arn, user);
        h.acm.updates().delete(h.ctx(), arn);
        assertThat(AcmHarness.code(() -> h.describe(arn))).isEqualTo("ResourceNotFoundException");
    }

    @Test
    void listenerMovingToAnotherCertificate_releasesTheOld_whichCanThenBeDeleted() {
        String first = h.requestPrivate("api.corp.example", null);
        String second = h.requestPrivate("api2.corp.example", null);
        String listener = "arn:aws:citadel:us-east-1:111122223333:listener/node-a/4566";
        String other = "arn:aws:citadel:us-east-1:111122223333:listener/node-b/4566";
        h.acm.updates().markInUse(AcmHarness.ACCOUNT, AcmHarness.REGION, first, listener);
        h.acm.updates().markInUse(AcmHarness.ACCOUNT, AcmHarness.REGION, first, listener);
        assertThat(h.describe(first).inUseBy()).as("marking twice lists the listener once").containsExactly(listener);
        h.acm.updates().markInUse(AcmHarness.ACCOUNT, AcmHarness.REGION, first, other);
        assertThat(AcmHarness.code(() -> h.acm.updates().delete(h.ctx(), first))).isEqualTo("ResourceInUseException");

        h.acm.updates().release(AcmHarness.ACCOUNT, AcmHarness.REGION, first, listener);
        h.acm.updates().markInUse(AcmHarness.ACCOUNT, AcmHarness.REGION, second, listener);
        assertThat(h.describe(first).inUseBy()).as("the other node still serves it").containsExactly(other);
        assertThat(h.describe(second).inUseBy()).containsExactly(listener);
        assertThat(AcmHarness.code(() -> h.acm.updates().delete(h.ctx(), second))).isEqualTo("ResourceInUseException");
        assertThat(AcmHarness.error(() -> h.acm.updates().delete(h.ctx(), second)).getMessage()).contains(listener);

        h.acm.updates().release(AcmHarness.ACCOUNT, AcmHarness.REGION, first, other);
        h.acm.updates().delete(h.ctx(), first);
        assertThat(AcmHarness.code(() -> h.describe(first))).isEqualTo("ResourceNotFoundException");
    }

    @Test
    void updateOptions_changesTransparencyLogging_butNotOfImportedCertificates() throws Exception {
        String arn = h.requestPrivate("opt.corp.example", null);
        assertThat(h.describe(arn).transparencyLogging()).isEqualTo("ENABLED");
        h.acm.updates().updateOptions(h.ctx(), arn, "DISABLED");
        assertThat(h.describe(arn).transparencyLogging()).isEqualTo("DISABLED");
        ImportTest.Bundle b = ImportTest.bundle("imp.example", io.citadel.core.crypto.KeyPairType.EC_P256, h.clock.instant(),
                h.clock.instant().plus(java.time.Duration.ofDays(30)));
        String imported = h.acm.imports().importCertificate(h.ctx(), null, b.cert(), b.key(), null, null);
        assertThat(AcmHarness.code(() -> h.acm.updates().updateOptions(h.ctx(), imported, "DISABLED"))).isEqualTo("InvalidStateException");
    }
}
