package io.citadel.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignedRequestWriterTest {

    private static final Credentials KEY = new Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);

    private static String request(SignedRequestWriter writer) {
        return new String(writer.nextRequest(1_700_000_000_000L), StandardCharsets.UTF_8);
    }

    @Test
    void anUnsignedGet_isAPlainGetOfItsPath() {
        SignedRequestWriter writer = new SignedRequestWriter(RequestTemplate.unsignedGet("/pca/ocsp/ca/MEow"), KEY, "us-east-1",
                "localhost:4566", "0");
        assertThat(request(writer)).isEqualTo("GET /pca/ocsp/ca/MEow HTTP/1.1\r\nHost: localhost:4566\r\nUser-Agent: citadel-bench\r\n\r\n");
    }

    @Test
    void aFixedBody_isRepeatedAsIs() {
        RequestTemplate template = RequestTemplate.json("ssm", "AmazonSSM.GetParameter", "{\"Name\":\"/a\"}");
        SignedRequestWriter writer = new SignedRequestWriter(template, KEY, "us-east-1", "localhost", "0");
        assertThat(request(writer)).isEqualTo(request(writer)).endsWith("\r\n\r\n{\"Name\":\"/a\"}").contains("Content-Length: 13\r\n");
    }

    @Test
    void aBodyWithSeq_getsANumberUniqueToWriterAndRequest_withItsOwnLengthAndSignature() {
        RequestTemplate template = RequestTemplate.json("ssm", "AmazonSSM.PutParameter", "{\"Name\":\"/load/{seq}\"}");
        SignedRequestWriter first = new SignedRequestWriter(template, KEY, "us-east-1", "localhost", "7");
        SignedRequestWriter second = new SignedRequestWriter(template, KEY, "us-east-1", "localhost", "12");
        String a = request(first);
        String b = request(first);
        String c = request(second);
        assertThat(a).endsWith("{\"Name\":\"/load/7-0\"}").contains("Content-Length: 20\r\n");
        assertThat(b).endsWith("{\"Name\":\"/load/7-1\"}");
        assertThat(c).endsWith("{\"Name\":\"/load/12-0\"}").contains("Content-Length: 21\r\n");
        assertThat(signature(a)).isNotEqualTo(signature(b));
    }

    @Test
    void seqModuloN_cyclesOverNValues() {
        RequestTemplate template = RequestTemplate.json("secretsmanager", "secretsmanager.PutSecretValue",
                "{\"SecretId\":\"s/{seq%3}\",\"SecretString\":\"v{seq}\"}");
        SignedRequestWriter writer = new SignedRequestWriter(template, KEY, "us-east-1", "localhost", "0");
        List<String> bodies = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String r = request(writer);
            bodies.add(r.substring(r.indexOf("\r\n\r\n") + 4));
        }
        assertThat(bodies).containsExactly("{\"SecretId\":\"s/0\",\"SecretString\":\"v0-0\"}", "{\"SecretId\":\"s/1\",\"SecretString\":\"v0-1\"}",
                "{\"SecretId\":\"s/2\",\"SecretString\":\"v0-2\"}", "{\"SecretId\":\"s/0\",\"SecretString\":\"v0-3\"}");
    }

    private static String signature(String request) {
        return request.replaceAll("(?s).*Signature=([0-9a-f]+).*", "$1");
    }
}
