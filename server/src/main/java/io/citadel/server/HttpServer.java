package io.citadel.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty HTTP/1.1 listener (plain or TLS, keep-alive). Decoding happens on the event loop;
 * each request is answered on a virtual thread. {@link #close()} drains: it stops accepting,
 * answers new requests on open connections with 503, and waits for in-flight ones to finish.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    private final ServerSettings settings;
    private final ServerTls tls;
    private static final boolean EPOLL = Epoll.isAvailable();

    private final EventLoopGroup bossGroup = new MultiThreadIoEventLoopGroup(1, ioHandler());
    private final EventLoopGroup workerGroup = new MultiThreadIoEventLoopGroup(ioHandler());
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final InFlight inFlight = new InFlight();
    private final Channel serverChannel;

    private HttpServer(ServerSettings settings, TlsSettings tlsSettings, Dispatcher dispatcher, RequestMetrics metrics)
            throws InterruptedException {
        this.settings = settings;
        this.tls = tlsSettings == null ? null : new ServerTls(tlsSettings);
        RequestHandler.Endpoints endpoints = new RequestHandler.Endpoints(dispatcher, metrics, inFlight, workers);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        ChannelPipeline p = ch.pipeline();
                        if (tls != null) {
                            p.addLast("tls", tls.newHandler(ch.alloc()));
                        }
                        p.addLast("idle", new IdleStateHandler(0, 0, settings.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
                        p.addLast("deadline", new RequestDeadline(settings.requestTimeout()));
                        p.addLast("codec", new HttpServerCodec(8192, settings.maxHeaderBytes(), 65536));
                        p.addLast("aggregate", new BoundedAggregator(settings.maxBodyBytes()));
                        p.addLast("handler", new RequestHandler(endpoints, tls != null));
                    }
                });
        this.serverChannel = bootstrap.bind(settings.host(), settings.port()).sync().channel();
        channels.add(serverChannel);
    }

    /** Binds and starts serving; TLS from the settings' PEM files (read once, never reloaded) when they name some. */
    public static HttpServer start(ServerSettings settings, Dispatcher dispatcher, RequestMetrics metrics) {
        return start(settings, settings.tls()
                ? TlsSettings.serverOnly(new PemFileTlsIdentity(settings.tlsCertificate(), settings.tlsPrivateKey())) : null,
                dispatcher, metrics);
    }

    /**
     * Binds and starts serving: TLS as {@code tls} says (its sources are read for every new connection, so a new
     * certificate reaches new handshakes without a restart), plain HTTP when it is null. The settings' own PEM
     * file paths are ignored here.
     */
    public static HttpServer start(ServerSettings settings, TlsSettings tls, Dispatcher dispatcher, RequestMetrics metrics) {
        try {
            HttpServer server = new HttpServer(settings, tls, dispatcher, metrics);
            if (tls == null && !isLoopback(settings.host())) {
                LOG.warn("listening on {} over plain HTTP: credentials' signatures and responses (including secrets) "
                        + "travel unencrypted; configure tls-certificate and tls-private-key, or tls-bootstrap", settings.host());
            }
            return server;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding", e);
        }
    }

    /** The bound port (useful when the settings asked for port 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public boolean tls() {
        return tls != null;
    }

    /** Whether every client must present a certificate from the configured CAs. */
    public boolean requiresClientCertificates() {
        return tls != null && tls.requiresClientCertificates();
    }

    /** Stops accepting, lets in-flight requests finish (up to the shutdown grace), then closes everything. */
    @Override
    public void close() {
        inFlight.startDraining();
        serverChannel.close().syncUninterruptibly();
        boolean drained = inFlight.awaitIdle(settings.shutdownGrace());
        if (!drained) {
            LOG.warn("shutdown grace of {} passed with requests still in flight", settings.shutdownGrace());
        }
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        workers.shutdown();
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Linux's epoll where the native transport loads, else NIO: same behaviour, less overhead per request. */
    private static IoHandlerFactory ioHandler() {
        return EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** Counts requests being answered, so that shutdown can wait for them. */
    static final class InFlight {
        private int count;
        private boolean draining;

        synchronized boolean tryEnter() {
            if (draining) {
                return false;
            }
            count++;
            return true;
        }

        synchronized void exit() {
            count--;
            if (count == 0) {
                notifyAll();
            }
        }

        synchronized boolean draining() {
            return draining;
        }

        synchronized void startDraining() {
            draining = true;
        }

        synchronized boolean awaitIdle(Duration grace) {
            long deadline = System.nanoTime() + grace.toNanos();
            while (count > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }
}
