package io.citadel.parameters;

import static io.citadel.parameters.ParametersHarness.allow;
import static io.citadel.parameters.ParametersHarness.code;
import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.core.Principal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublicParametersTest {

    private final ParametersHarness h = new ParametersHarness();

    @Test
    void getParameter_regionLongName_isReadableWithAnAccountlessArn() {
        var r = h.parameters.reads().get(h.a(), "/aws/service/global-infrastructure/regions/eu-west-1/longName", true);
        assertThat(r.value()).isEqualTo("Europe (Ireland)");
        assertThat(r.arn()).isEqualTo("arn:aws:ssm:us-east-1::parameter/aws/service/global-infrastructure/regions/eu-west-1/longName");
        assertThat(code(() -> h.value("/aws/service/global-infrastructure/regions/xx-nowhere-1"))).isEqualTo("ParameterNotFound");
    }

    @Test
    void getParametersByPath_listsRegions_oneLevel_withPaging() {
        List<String> values = new ArrayList<>();
        String token = null;
        do {
            var page = h.parameters.reads().byPath(h.a(), "/aws/service/global-infrastructure/regions", false, null, false, 5, token);
            page.items().forEach(r -> values.add(r.value()));
            token = page.nextToken();
        } while (token != null);
        assertThat(values).hasSize(14).contains("us-east-1", "eu-central-1", "ap-northeast-1").doesNotContain("aws");
        var us = h.parameters.reads().byPath(h.a(), "/aws/service/global-infrastructure/regions/us-west-2", true, null, false, 10, null);
        assertThat(us.items()).extracting(ParameterReads.Resolved::value).contains("US West (Oregon)", "aws", "amazonaws.com");
    }

    @Test
    void publicParameters_areStillSubjectToIam_andCannotBeWritten() {
        Principal nobody = h.user("nobody", allow("ssm:DescribeParameters", "*"));
        assertThat(code(() -> h.parameters.reads().get(h.ctx(nobody), "/aws/service/global-infrastructure/regions/us-east-1", false)))
                .isEqualTo("AccessDeniedException");
        assertThat(code(() -> h.put("/aws/service/global-infrastructure/regions/mine", "x"))).isEqualTo("ValidationException");
    }
}
