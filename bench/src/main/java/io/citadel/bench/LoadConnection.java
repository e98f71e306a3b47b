package io.citadel.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One keep-alive connection of a closed loop: at most one request in flight, the next one sent
 * when the previous response has been read. Owned by exactly one {@link LoadWorker}.
 */
final class LoadConnection {

    final HttpResponseParser parser;
    SocketChannel channel;
    SelectionKey key;
    ByteBuffer pendingWrite;
    long requestStartNanos;
    /** Set when the server closed the connection after a response: the next request's latency includes the reconnect. */
    long reopenedForRequestNanos;
    boolean inFlight;
    boolean connecting;
    long retryAtNanos;
    boolean finished;

    LoadConnection(boolean captureErrorBodies) {
        this.parser = new HttpResponseParser(captureErrorBodies);
    }

    void close() {
        inFlight = false;
        connecting = false;
        pendingWrite = null;
        if (key != null) {
            key.cancel();
            key = null;
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a socket we are abandoning; nothing useful to do with the failure
            }
            channel = null;
        }
    }
}
