package io.citadel.acm;

import java.util.List;

/** Sends EMAIL validation's approval mail. {@link SmtpMailer} speaks SMTP to a configured relay. */
@FunctionalInterface
public interface Mailer {

    /** Sends one plain-text message; throws {@link java.io.UncheckedIOException} when the relay refuses or cannot be reached. */
    void send(String from, List<String> to, String subject, String body);

    /** A mailer that drops every message (no relay configured): EMAIL validation then waits until it times out. */
    Mailer NONE = (from, to, subject, body) -> { };
}
