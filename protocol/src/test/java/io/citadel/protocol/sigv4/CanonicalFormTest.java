package io.citadel.protocol.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pieces of the canonical request, each checked against what botocore produces for the same wire form. */
class CanonicalFormTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                        | /",
            "/                         | /",
            "/a/b                      | /a/b",
            "/a/b/                     | /a/b/",
            "/a%20b                    | /a%2520b",
            "/%E2%9C%93                | /%25E2%259C%2593",
            "/a%2Fb                    | /a%252Fb",
            "/a*b                      | /a%2Ab",
            "/a//b/./c/../d            | /a/b/d",
            "/..                       | /",
            "/a/..                     | /",
            "/a/../                    | /",
            "//                        | /",
            "/~user/x.y_z-1            | /~user/x.y_z-1",
            "/\u00fc                   | /%C3%BC",
    })
    void canonicalUri_matchesBotocore(String rawPath, String expected) {
        assertThat(UriEncoding.canonicalUri(rawPath)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                              | ''",
            "a=1                             | a=1",
            "b=2&a=1                         | a=1&b=2",
            "a=2&a=1&a=10                    | a=1&a=10&a=2",
            "a-b=1&a=2                       | a=2&a-b=1",
            "flag                            | flag=",
            "empty=&x=1                      | empty=&x=1",
            "x=a+b                           | x=a%20b",
            "x=a%2Bb                         | x=a%2Bb",
            "x=%7e%2a                        | x=~%2A",
            "x=%41                           | x=A",
            "x=*()!%27                        | x=%2A%28%29%21%27",
            "x=%zz                           | x=%25zz",
            "x=100%                          | x=100%25",
            "a=1&&b=2&                       | a=1&b=2",
            "x=\u00fc                        | x=%C3%BC",
            "x=%C3%BC                        | x=%C3%BC",
            "Z=1&a=1                         | Z=1&a=1",
            "x=a=b                           | x=a%3Db",
    })
    void canonicalQuery_decodesAndReencodes(String rawQuery, String expected) {
        assertThat(QueryParameters.parse(rawQuery).canonical(false)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "X-Amz-Signature=abc&b=1                  | true  | b=1",
            "X-Amz-Signature=abc&b=1                  | false | X-Amz-Signature=abc&b=1",
    })
    void canonicalQuery_presignedLeavesOutSignature(String rawQuery, boolean presigned, String expected) {
        assertThat(QueryParameters.parse(rawQuery).canonical(presigned)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "abc           | abc",
            "'  a   b  '   | a b",
            "'a\t\tb'      | a b",
            "''            | ''",
            "'   '         | ''",
            "'\"a  b\"'    | '\"a b\"'",
    })
    void headerValues_trimmedAndCollapsed(String value, String expected) {
        StringBuilder sb = new StringBuilder();
        SigV4Verifier.appendTrimmed(sb, value);
        assertThat(sb.toString()).isEqualTo(expected);
    }
}
