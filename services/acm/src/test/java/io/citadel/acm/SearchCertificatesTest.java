package io.citadel.acm;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.acm.CertificateSearch.All;
import io.citadel.acm.CertificateSearch.AnyOf;
import io.citadel.acm.CertificateSearch.Filter;
import io.citadel.acm.CertificateSearch.Match;
import io.citadel.acm.CertificateSearch.Not;
import io.citadel.acm.CertificateSearch.Statement;
import io.citadel.acm.CertificateSearch.Text;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SearchCertificates: filter statements over X.509 attributes and ACM metadata, sorting and paging. */
class SearchCertificatesTest {

    private final AcmHarness h = new AcmHarness();
    private String pending;
    private String ec;
    private String rsa;

    @BeforeEach
    void certificates() {
        pending = h.requestDns("www.shop.example.com");
        h.clock.advance(Duration.ofSeconds(1));
        ec = h.requestPrivate("api.corp.example", "EC_prime256v1");
        h.clock.advance(Duration.ofSeconds(1));
        rsa = h.requestPrivate("billing.corp.example", "RSA_2048");
        h.acm.updates().markInUse(AcmHarness.ACCOUNT, AcmHarness.REGION, rsa, "arn:aws:citadel:us-east-1:111122223333:listener/n/1");
    }

    @AfterEach
    void close() {
        h.close();
    }

    private List<String> search(Statement statement) {
        return h.acm.search().search(h.ctx(), statement, null, null, null, null).items().stream().map(StoredCertificate::arn).toList();
    }

    private static Match match(Filter filter) {
        return new Match(filter);
    }

    @Test
    void filters_matchX509AttributesAndMetadata() {
        assertThat(search(null)).as("no statement: every certificate, oldest first").containsExactly(pending, ec, rsa);
        assertThat(search(match(new Filter.Arn(ec)))).containsExactly(ec);
        assertThat(search(match(new Filter.CommonName(new Text("API.corp.example", false))))).as("EQUALS, any case").containsExactly(ec);
        assertThat(search(match(new Filter.CommonName(new Text("corp", true))))).as("CONTAINS").containsExactly(ec, rsa);
        assertThat(search(match(new Filter.DnsName(new Text("shop.example", true))))).as("a pending certificate's names")
                .containsExactly(pending);
        assertThat(search(match(new Filter.KeyAlgorithm("EC_prime256v1")))).containsExactly(ec);
        assertThat(search(match(new Filter.KeyUsage("KEY_ENCIPHERMENT")))).containsExactly(rsa);
        assertThat(search(match(new Filter.ExtendedKeyUsage("TLS_WEB_SERVER_AUTHENTICATION")))).containsExactly(ec, rsa);
        assertThat(search(match(new Filter.ExtendedKeyUsage("NONE")))).as("no certificate yet: no EKU").containsExactly(pending);
        assertThat(search(match(new Filter.Status("PENDING_VALIDATION")))).containsExactly(pending);
        assertThat(search(match(new Filter.Type("PRIVATE")))).containsExactly(ec, rsa);
        assertThat(search(match(new Filter.InUse(true)))).containsExactly(rsa);
        assertThat(search(match(new Filter.ValidationMethod("DNS")))).containsExactly(pending);
        assertThat(search(match(new Filter.ManagedBy("CLOUDFRONT")))).isEmpty();
        String serial = h.describe(rsa).x509().serial();
        assertThat(search(match(new Filter.SerialNumber(serial.toUpperCase())))).containsExactly(rsa);
        java.time.Instant ecNotAfter = h.describe(ec).x509().notAfter();
        assertThat(search(match(new Filter.NotAfter(new CertificateSearch.Range(ecNotAfter, ecNotAfter))))).containsExactly(ec);
        assertThat(search(match(new Filter.NotBefore(new CertificateSearch.Range(null, h.clock.instant().plus(Duration.ofDays(1)))))))
                .containsExactly(ec, rsa);
    }

    @Test
    void andOrNot_combineFilters() {
        Statement corp = match(new Filter.CommonName(new Text("corp.example", true)));
        Statement inUse = match(new Filter.InUse(true));
        assertThat(search(new All(List.of(corp, new Not(inUse))))).containsExactly(ec);
        assertThat(search(new AnyOf(List.of(match(new Filter.Arn(pending)), inUse)))).containsExactly(pending, rsa);
        assertThat(search(new Not(new AnyOf(List.of(corp, match(new Filter.Status("ISSUED"))))))).containsExactly(pending);
    }

    @Test
    void sortsByTheModelsFields_andPagesWithATokenOnlyForTheSameSearch() {
        assertThat(h.acm.search().search(h.ctx(), null, "COMMON_NAME", "ASCENDING", null, null).items())
                .extracting(CertificateSearch::commonName).containsExactly("api.corp.example", "billing.corp.example", "www.shop.example.com");
        assertThat(h.acm.search().search(h.ctx(), null, "CREATED_AT", "DESCENDING", null, null).items())
                .extracting(StoredCertificate::arn).containsExactly(rsa, ec, pending);
        assertThat(h.acm.search().search(h.ctx(), null, "NOT_AFTER", "DESCENDING", null, null).items().getLast().arn())
                .as("no certificate yet: last, whichever the order").isEqualTo(pending);

        List<String> paged = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            CertificateSearch.Page page = h.acm.search().search(h.ctx(), null, "KEY_ALGORITHM", null, 2, token);
            page.items().forEach(c -> paged.add(c.arn()));
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(2);
        assertThat(paged).containsExactlyInAnyOrder(pending, ec, rsa).doesNotHaveDuplicates();

        String first = h.acm.search().search(h.ctx(), null, null, null, 1, null).nextToken();
        assertThat(AcmHarness.code(() -> h.acm.search().search(h.ctx(), null, "COMMON_NAME", null, 1, first)))
                .as("a token of another search").isEqualTo("ValidationException");
        assertThat(AcmHarness.code(() -> h.acm.search().search(h.ctx(), null, null, null, 1, "garbage"))).isEqualTo("ValidationException");
    }
}
