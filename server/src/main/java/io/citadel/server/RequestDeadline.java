package io.citadel.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Bounds how long a client may take to send one request, from its first byte to its last, so that
 * slow or truncated requests cannot hold a connection forever. Sits before the HTTP decoder; the
 * request handler calls {@link #complete()} when a whole request has arrived.
 */
final class RequestDeadline extends ChannelDuplexHandler {

    private final Duration timeout;
    private ChannelHandlerContext context;
    private ScheduledFuture<?> timer;
    private boolean expired;

    RequestDeadline(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.context = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (expired) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (timer == null) {
            timer = ctx.executor().schedule(this::expire, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        ctx.fireChannelRead(msg);
    }

    /** A whole request arrived: the next byte starts a new deadline. Called on the event loop. */
    void complete() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        complete();
        ctx.fireChannelInactive();
    }

    private void expire() {
        timer = null;
        expired = true;
        byte[] body = TransportErrors.body("RequestTimeout",
                "Your socket connection to the server was not read from or written to within the timeout period.");
        String head = "HTTP/1.1 408 Request Timeout\r\nContent-Type: " + TransportErrors.CONTENT_TYPE
                + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        ByteBuf out = Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body);
        context.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
    }
}
