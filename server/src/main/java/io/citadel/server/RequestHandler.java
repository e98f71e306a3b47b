package io.citadel.server;

import io.citadel.protocol.WireRequest;
import io.citadel.protocol.WireResponse;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per connection: answers /health and /metrics, hands API requests to the dispatcher on a
 * virtual thread, and writes responses back in request order (pipelined requests wait their turn).
 */
final class RequestHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);

    /** What every connection's handler shares. */
    record Endpoints(Dispatcher dispatcher, RequestMetrics metrics, HttpServer.InFlight inFlight, ExecutorService workers) {
    }

    private final Endpoints endpoints;
    private final boolean secure;
    private final ArrayDeque<FullHttpRequest> pending = new ArrayDeque<>();
    private boolean busy;

    RequestHandler(Endpoints endpoints, boolean secure) {
        this.endpoints = endpoints;
        this.secure = secure;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        RequestDeadline deadline = ctx.pipeline().get(RequestDeadline.class);
        if (deadline != null) {
            deadline.complete();
        }
        pending.add(request);
        if (!busy) {
            next(ctx);
        }
    }

    private void next(ChannelHandlerContext ctx) {
        FullHttpRequest request = pending.poll();
        if (request == null) {
            busy = false;
            return;
        }
        busy = true;
        try {
            serve(ctx, request);
        } finally {
            request.release();
        }
    }

    private void serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            if (cause instanceof TooLongHttpHeaderException) {
                respondAndClose(ctx, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "RequestHeaderSectionTooLarge",
                        "Request header section exceeds the limit");
            } else if (cause instanceof TooLongHttpLineException || cause instanceof TooLongFrameException) {
                respondAndClose(ctx, HttpResponseStatus.REQUEST_URI_TOO_LONG, "RequestURITooLong", "Request line exceeds the limit");
            } else {
                respondAndClose(ctx, HttpResponseStatus.BAD_REQUEST, "BadRequest", "Malformed HTTP request");
            }
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        String uri = request.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        if (request.method().name().equals("GET") && path.equals("/health")) {
            boolean draining = endpoints.inFlight().draining();
            write(ctx, draining ? HttpResponseStatus.SERVICE_UNAVAILABLE : HttpResponseStatus.OK, "application/json",
                    Map.of(), (draining ? "{\"status\":\"draining\"}" : "{\"status\":\"ok\"}").getBytes(StandardCharsets.UTF_8),
                    keepAlive, false);
            return;
        }
        if (request.method().name().equals("GET") && path.equals("/metrics")) {
            write(ctx, HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8", Map.of(),
                    endpoints.metrics().scrape().getBytes(StandardCharsets.UTF_8), keepAlive, false);
            return;
        }
        if (!endpoints.inFlight().tryEnter()) {
            respondAndClose(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "ServiceUnavailable", "The server is shutting down");
            return;
        }
        WireRequest wire = toWire(ctx, request, path, q < 0 ? "" : uri.substring(q + 1));
        try {
            endpoints.workers().execute(() -> {
                WireResponse response;
                try {
                    response = endpoints.dispatcher().dispatch(wire);
                } catch (RuntimeException | Error e) {
                    LOG.error("dispatcher failed", e);
                    response = new WireResponse(500, TransportErrors.CONTENT_TYPE, Map.of(),
                            TransportErrors.body("InternalFailure", "We encountered an internal error. Please try again."));
                }
                WireResponse answer = response;
                ctx.executor().execute(() -> write(ctx, HttpResponseStatus.valueOf(answer.status()), answer.contentType(),
                        answer.headers(), answer.body(), keepAlive, true));
            });
        } catch (RejectedExecutionException e) {
            endpoints.inFlight().exit();
            respondAndClose(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "ServiceUnavailable", "The server is shutting down");
        }
    }

    private WireRequest toWire(ChannelHandlerContext ctx, FullHttpRequest request, String path, String query) {
        Map<String, List<String>> headers = new HashMap<>();
        for (Map.Entry<String, String> h : request.headers()) {
            headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>(1)).add(h.getValue());
        }
        String sourceIp = ctx.channel().remoteAddress() instanceof InetSocketAddress a
                ? a.getAddress().getHostAddress() : "unknown";
        return new WireRequest(request.method().name(), path, query, headers,
                ByteBufUtil.getBytes(request.content()), sourceIp, secure);
    }

    private void write(ChannelHandlerContext ctx, HttpResponseStatus status, String contentType, Map<String, String> headers,
                       byte[] body, boolean keepAlive, boolean counted) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        headers.forEach(response.headers()::set);
        boolean close = !keepAlive || endpoints.inFlight().draining();
        response.headers().set(HttpHeaderNames.CONNECTION, close ? HttpHeaderValues.CLOSE : HttpHeaderValues.KEEP_ALIVE);
        var future = ctx.writeAndFlush(response);
        future.addListener(f -> {
            if (counted) {
                endpoints.inFlight().exit();
            }
            if (close) {
                ctx.close();
            } else {
                next(ctx);
            }
        });
    }

    private void respondAndClose(ChannelHandlerContext ctx, HttpResponseStatus status, String code, String message) {
        byte[] body = TransportErrors.body(code, message);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, TransportErrors.CONTENT_TYPE);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        pending.forEach(FullHttpRequest::release);
        pending.clear();
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && !busy) {
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        pending.forEach(FullHttpRequest::release);
        pending.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
