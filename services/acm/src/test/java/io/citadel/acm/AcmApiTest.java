package io.citadel.acm;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.acm.api.AcmApi;
import io.citadel.protocol.ServiceApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The operation table: the model's 15 classic operations and SearchCertificates, under signing name acm and target prefix CertificateManager. */
class AcmApiTest {

    private final AcmHarness h = new AcmHarness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void table_holdsTheClassicOperations() {
        ServiceApi api = AcmApi.create(h.acm);
        assertThat(api.signingName()).isEqualTo("acm");
        assertThat(AcmApi.PROTOCOL.targetPrefix()).isEqualTo("CertificateManager");
        assertThat(api.operations().keySet()).containsExactlyInAnyOrder("AddTagsToCertificate", "DeleteCertificate",
                "DescribeCertificate", "ExportCertificate", "GetAccountConfiguration", "GetCertificate", "ImportCertificate",
                "ListCertificates", "ListTagsForCertificate", "PutAccountConfiguration", "RemoveTagsFromCertificate", "RenewCertificate",
                "RequestCertificate", "ResendValidationEmail", "UpdateCertificateOptions", "SearchCertificates");
        assertThat(api.operations().values().stream().filter(o -> o.readOnly()).map(o -> o.name()))
                .containsExactlyInAnyOrder("DescribeCertificate", "GetCertificate", "ListCertificates", "ListTagsForCertificate",
                        "GetAccountConfiguration", "SearchCertificates");
    }
}
