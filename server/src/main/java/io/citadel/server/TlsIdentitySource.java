package io.citadel.server;

/**
 * Where a TLS listener gets its key and chain. {@link #current()} is read for every new connection, so it
 * must be cheap (a volatile read); when it returns a different instance, new handshakes use it while open
 * connections keep the identity they were accepted with. A source changes either by itself (a renewal pushed
 * by its owner) or when the node's upkeep calls {@link #refresh()}.
 */
public interface TlsIdentitySource {

    /** The identity new handshakes present now. */
    TlsIdentity current();

    /**
     * Looks for a new identity (files changed, a certificate renewed) and makes it current; returns whether
     * {@link #current()} changed. Never throws for a bad new identity: the old one stays and the problem is logged.
     */
    default boolean refresh() {
        return false;
    }
}
