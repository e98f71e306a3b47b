package io.citadel.acm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/**
 * Plain SMTP (RFC 5321) to one relay: EHLO, MAIL FROM, RCPT TO per recipient, DATA with dot-stuffing, QUIT. No
 * authentication and no STARTTLS: point it at a local relay that forwards mail onwards.
 */
public final class SmtpMailer implements Mailer {

    private final InetSocketAddress relay;
    private final int timeoutMillis;

    public SmtpMailer(InetSocketAddress relay, int timeoutMillis) {
        this.relay = relay;
        this.timeoutMillis = timeoutMillis;
    }

    /** Parses {@code host:port} (port 25 when absent). */
    public static SmtpMailer of(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = colon > 0 ? hostPort.substring(0, colon) : hostPort;
        int port;
        try {
            port = colon > 0 ? Integer.parseInt(hostPort.substring(colon + 1)) : 25;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("acm-smtp-server: " + hostPort + " (expected: host:port)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("acm-smtp-server: port " + port + " (expected: 1..65535)");
        }
        return new SmtpMailer(new InetSocketAddress(host, port), 10_000);
    }

    @Override
    public void send(String from, List<String> to, String subject, String body) {
        try (Socket socket = new Socket()) {
            socket.connect(relay, timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            expect(in, 220, "greeting");
            command(out, in, "EHLO citadel", 250);
            command(out, in, "MAIL FROM:<" + from + ">", 250);
            for (String rcpt : to) {
                command(out, in, "RCPT TO:<" + rcpt + ">", 250);
            }
            command(out, in, "DATA", 354);
            StringBuilder message = new StringBuilder()
                    .append("From: ").append(from).append("\r\n")
                    .append("To: ").append(String.join(", ", to)).append("\r\n")
                    .append("Subject: ").append(subject).append("\r\n")
                    .append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now())).append("\r\n")
                    .append("Message-ID: <").append(UUID.randomUUID()).append("@citadel>\r\n")
                    .append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
            for (String line : body.split("\r?\n", -1)) {
                message.append(line.startsWith(".") ? "." + line : line).append("\r\n");
            }
            message.append(".\r\n");
            out.write(message.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            expect(in, 250, "end of DATA");
            command(out, in, "QUIT", 221);
        } catch (IOException e) {
            throw new UncheckedIOException("SMTP relay " + relay + ": " + e.getMessage(), e);
        }
    }

    private static void command(OutputStream out, BufferedReader in, String line, int expected) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        expect(in, expected, line.split("[ :]")[0]);
    }

    private static void expect(BufferedReader in, int expected, String after) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed after " + after);
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
        if (!line.startsWith(Integer.toString(expected))) {
            throw new IOException("after " + after + ": " + line + " (expected: " + expected + ")");
        }
    }
}
