package io.citadel.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SigV4SignerTest {

    private static final Credentials EXAMPLE =
            new Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);
    private static final String EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /** The worked example in the AWS SigV4 documentation: IAM ListUsers at 20150830T123600Z. */
    @Test
    void authorization_forDocumentedIamListUsersExample_matchesAwsSignature() {
        SortedMap<String, String> headers = new TreeMap<>();
        headers.put("content-type", "application/x-www-form-urlencoded; charset=utf-8");
        headers.put("host", "iam.amazonaws.com");
        headers.put("x-amz-date", "20150830T123600Z");

        String authorization = new SigV4Signer(EXAMPLE, "us-east-1", "iam").authorization(
                "GET", "/", "Action=ListUsers&Version=2010-05-08", headers, EMPTY_BODY_SHA256, "20150830T123600Z");

        assertThat(authorization).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date, "
                + "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
    }

    @Test
    void authorization_onNextDay_derivesNewSigningKey() {
        SigV4Signer signer = new SigV4Signer(EXAMPLE, "us-east-1", "iam");
        SortedMap<String, String> headers = new TreeMap<>();
        headers.put("host", "iam.amazonaws.com");
        headers.put("x-amz-date", "20150830T235959Z");
        String first = signer.authorization("GET", "/", "", headers, EMPTY_BODY_SHA256, "20150830T235959Z");
        headers.put("x-amz-date", "20150831T000000Z");
        String second = signer.authorization("GET", "/", "", headers, EMPTY_BODY_SHA256, "20150831T000000Z");

        assertThat(first).contains("Credential=AKIDEXAMPLE/20150830/");
        assertThat(second).contains("Credential=AKIDEXAMPLE/20150831/");
    }
}
