package com.jarvis.ingress.grpc;

import com.jarvis.ingress.scheduling.DaemonThreads;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What one client can hold of the gRPC server. grpc-java's default executor is a cached pool that starts a thread
 * for every call blocked on PostgreSQL or Redis, so a client opening many slow calls could start thousands of
 * threads. Calls run on a fixed pool instead, each connection may have a bounded number of calls open at once
 * (HTTP/2 MAX_CONCURRENT_STREAMS: the client queues the rest), and idle connections and keep-alive floods are
 * cut off.
 */
final class GrpcCallLimits {
    /** Threads running calls (interceptors and service methods); Tomcat's default is 200 for the REST side. */
    static final int CALL_THREADS = 64;
    /** Calls one connection may have open at once (WatchSession streams included). */
    static final int MAX_CALLS_PER_CONNECTION = 100;
    /** A connection with no call for this long is closed (clients reconnect transparently). */
    static final long MAX_CONNECTION_IDLE_MINUTES = 10;
    /** Clients may ping at most this often; more is answered with GOAWAY (ENHANCE_YOUR_CALM). */
    static final long PERMIT_KEEPALIVE_SECONDS = 20;

    /** A connection must finish its HTTP/2 preface within this (grpc-java's default is 120 s). */
    static final long HANDSHAKE_TIMEOUT_SECONDS = 10;

    private GrpcCallLimits() {
    }

    /**
     * The fixed call pool. Its queue holds calls waiting for a thread; they are bounded by the connections times
     * {@link #MAX_CALLS_PER_CONNECTION}, and every waiting call is refused within a Redis round trip once its
     * caller is over its rate limit.
     */
    static ExecutorService newCallExecutor() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(CALL_THREADS, CALL_THREADS, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), DaemonThreads.numbered("grpc-call"));
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /** A plaintext server builder on {@code port} with these limits and {@code executor} for calls. */
    static NettyServerBuilder serverBuilder(int port, ExecutorService executor) {
        return NettyServerBuilder.forPort(port)
                .executor(executor)
                .maxConcurrentCallsPerConnection(MAX_CALLS_PER_CONNECTION)
                .handshakeTimeout(HANDSHAKE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .maxConnectionIdle(MAX_CONNECTION_IDLE_MINUTES, TimeUnit.MINUTES)
                .permitKeepAliveTime(PERMIT_KEEPALIVE_SECONDS, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(false);
    }
}
