package io.citadel.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpResponseParserTest {

    @Test
    void feed_chunkedResponseSplitAcrossReads_completesOnLastByte() throws Exception {
        String response = "HTTP/1.1 403 Forbidden\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n";
        HttpResponseParser parser = new HttpResponseParser(true);
        byte[] bytes = response.getBytes(StandardCharsets.ISO_8859_1);

        for (int i = 0; i < bytes.length - 1; i++) {
            assertThat(parser.feed(ByteBuffer.wrap(bytes, i, 1))).isFalse();
        }
        assertThat(parser.feed(ByteBuffer.wrap(bytes, bytes.length - 1, 1))).isTrue();
        assertThat(parser.status()).isEqualTo(403);
        assertThat(parser.capturedBody()).isEqualTo("hello world");
    }

    @Test
    void feed_contentLengthResponse_leavesFollowingBytesUnread() throws Exception {
        ByteBuffer input = ByteBuffer.wrap("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA".getBytes(StandardCharsets.ISO_8859_1));
        HttpResponseParser parser = new HttpResponseParser(true);

        assertThat(parser.feed(input)).isTrue();
        assertThat(parser.status()).isEqualTo(200);
        assertThat(parser.connectionClose()).isFalse();
        assertThat(input.remaining()).isEqualTo("EXTRA".length());
    }

    @Test
    void feed_http10WithoutKeepAlive_reportsConnectionClose() throws Exception {
        HttpResponseParser parser = new HttpResponseParser(false);

        parser.feed(ByteBuffer.wrap("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));

        assertThat(parser.connectionClose()).isTrue();
    }

    @Test
    void feed_withoutBodyFraming_fails() {
        HttpResponseParser parser = new HttpResponseParser(false);

        assertThatThrownBy(() -> parser.feed(ByteBuffer.wrap("HTTP/1.1 200 OK\r\n\r\nbody".getBytes(StandardCharsets.ISO_8859_1))))
                .isInstanceOf(HttpResponseParser.MalformedResponseException.class)
                .hasMessageContaining("body framing");
    }
}
