package io.citadel.bench;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A single-threaded NIO event loop driving a share of the connections in closed loop. One
 * selector thread can keep dozens of connections busy while using little CPU, which matters when
 * the generator shares a small machine with the server it measures.
 */
final class LoadWorker implements Runnable {

    private static final long RETRY_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long HOUSEKEEPING_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final LoadPlan plan;
    private final List<LoadConnection> connections = new ArrayList<>();
    private final SignedRequestWriter writer;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private final LoadStats stats = new LoadStats();
    private long finishedNanos;

    LoadWorker(LoadPlan plan, int connectionCount, int workerIndex) {
        this.plan = plan;
        this.writer = new SignedRequestWriter(plan.template(), plan.credentials(), plan.region(), plan.hostHeader(),
                Integer.toString(workerIndex));
        for (int i = 0; i < connectionCount; i++) {
            connections.add(new LoadConnection(true));
        }
    }

    LoadStats stats() {
        return stats;
    }

    /** When this worker stopped: its deadline, or earlier once the request cap was reached. */
    long finishedNanos() {
        return finishedNanos;
    }

    @Override
    public void run() {
        try (Selector selector = Selector.open()) {
            for (LoadConnection connection : connections) {
                connect(selector, connection);
            }
            long nextHousekeeping = System.nanoTime() + HOUSEKEEPING_INTERVAL_NANOS;
            while (true) {
                long now = System.nanoTime();
                if (now >= plan.deadlineNanos() || allFinished()) {
                    break;
                }
                long waitMillis = Math.max(1, Math.min(10, TimeUnit.NANOSECONDS.toMillis(plan.deadlineNanos() - now)));
                selector.select(waitMillis);
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    handle(selector, key);
                }
                now = System.nanoTime();
                if (now >= nextHousekeeping) {
                    housekeeping(selector, now);
                    nextHousekeeping = now + HOUSEKEEPING_INTERVAL_NANOS;
                }
            }
        } catch (IOException | RuntimeException e) {
            stats.recordError("worker stopped: " + e);
        } finally {
            finishedNanos = Math.min(System.nanoTime(), plan.deadlineNanos());
            for (LoadConnection connection : connections) {
                connection.close();
            }
        }
    }

    private boolean allFinished() {
        for (LoadConnection connection : connections) {
            if (!connection.finished) {
                return false;
            }
        }
        return true;
    }

    private void handle(Selector selector, SelectionKey key) {
        LoadConnection connection = (LoadConnection) key.attachment();
        if (!key.isValid() || connection.key != key) {
            return;
        }
        try {
            if (key.isConnectable()) {
                connection.channel.finishConnect();
                connection.connecting = false;
                key.interestOps(SelectionKey.OP_READ);
                sendNext(selector, connection);
                return;
            }
            if (key.isWritable()) {
                connection.channel.write(connection.pendingWrite);
                if (!connection.pendingWrite.hasRemaining()) {
                    connection.pendingWrite = null;
                    key.interestOps(SelectionKey.OP_READ);
                }
            }
            if (key.isValid() && key.isReadable()) {
                read(selector, connection);
            }
        } catch (IOException e) {
            fail(selector, connection, connection.connecting ? "connect: " + e.getMessage() : "io: " + e.getClass().getSimpleName());
        }
    }

    private void read(Selector selector, LoadConnection connection) throws IOException {
        readBuffer.clear();
        int read = connection.channel.read(readBuffer);
        if (read < 0) {
            fail(selector, connection, connection.inFlight ? "closed by server mid-request" : "closed by server while idle");
            return;
        }
        readBuffer.flip();
        if (!connection.inFlight) {
            fail(selector, connection, "unsolicited bytes from server");
            return;
        }
        boolean complete;
        try {
            complete = connection.parser.feed(readBuffer);
        } catch (HttpResponseParser.MalformedResponseException e) {
            fail(selector, connection, "malformed response: " + e.getMessage());
            return;
        }
        if (!complete) {
            return;
        }
        long now = System.nanoTime();
        connection.inFlight = false;
        int status = connection.parser.status();
        if (connection.requestStartNanos >= plan.measureStartNanos()) {
            stats.recordResponse(status, now - connection.requestStartNanos);
            if (status >= 300) {
                stats.offerErrorResponse(status, connection.parser.capturedBody());
            }
        }
        plan.responsesReceived().increment();
        if (readBuffer.hasRemaining()) {
            fail(selector, connection, "bytes after the end of a response");
        } else if (connection.parser.connectionClose()) {
            stats.recordReconnect();
            connection.close();
            connection.reopenedForRequestNanos = now;
            connect(selector, connection);
        } else {
            sendNext(selector, connection);
        }
    }

    private void sendNext(Selector selector, LoadConnection connection) throws IOException {
        long now = System.nanoTime();
        if (now >= plan.deadlineNanos() || !plan.claimRequest()) {
            connection.finished = true;
            connection.close();
            return;
        }
        connection.parser.reset();
        ByteBuffer request = ByteBuffer.wrap(writer.nextRequest(System.currentTimeMillis()));
        connection.requestStartNanos = connection.reopenedForRequestNanos != 0 ? connection.reopenedForRequestNanos : now;
        connection.reopenedForRequestNanos = 0;
        connection.inFlight = true;
        connection.channel.write(request);
        if (request.hasRemaining()) {
            connection.pendingWrite = request;
            connection.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
    }

    private void connect(Selector selector, LoadConnection connection) {
        connection.retryAtNanos = 0;
        try {
            SocketChannel channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            connection.channel = channel;
            if (channel.connect(plan.address())) {
                connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
                sendNext(selector, connection);
            } else {
                connection.connecting = true;
                connection.key = channel.register(selector, SelectionKey.OP_CONNECT, connection);
            }
        } catch (IOException e) {
            stats.recordError("connect: " + e.getMessage());
            connection.close();
            connection.retryAtNanos = System.nanoTime() + RETRY_DELAY_NANOS;
        }
    }

    private void fail(Selector selector, LoadConnection connection, String kind) {
        stats.recordError(kind);
        connection.reopenedForRequestNanos = 0;
        boolean wasConnecting = connection.connecting;
        connection.close();
        if (wasConnecting) {
            connection.retryAtNanos = System.nanoTime() + RETRY_DELAY_NANOS;
        } else {
            stats.recordReconnect();
            connect(selector, connection);
        }
    }

    private void housekeeping(Selector selector, long now) {
        for (LoadConnection connection : connections) {
            if (connection.finished) {
                continue;
            }
            if (connection.inFlight && now - connection.requestStartNanos > plan.requestTimeoutNanos()) {
                fail(selector, connection, "timeout");
            } else if (connection.channel == null && connection.retryAtNanos != 0 && now >= connection.retryAtNanos) {
                connect(selector, connection);
            }
        }
    }
}
