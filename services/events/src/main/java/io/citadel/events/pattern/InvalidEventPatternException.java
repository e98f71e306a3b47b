package io.citadel.events.pattern;

/** A pattern EventBridge would refuse; the message is the one the API returns (InvalidEventPatternException). */
public final class InvalidEventPatternException extends Exception {

    public InvalidEventPatternException(String message) {
        super(message);
    }
}
