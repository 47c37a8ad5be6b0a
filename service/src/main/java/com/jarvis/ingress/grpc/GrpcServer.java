package com.jarvis.ingress.grpc;

import com.jarvis.ingress.auth.AuthService;
import com.jarvis.ingress.config.IngressConfig;
import com.jarvis.ingress.grpc.v1.SessionServiceGrpc;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import com.jarvis.ingress.observability.IngressMetrics;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcServerInterceptor;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import com.jarvis.ingress.ratelimit.RateLimitService;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The gRPC server on GRPC_PORT (0 picks a free port, see {@link #getPort()}): the session service behind
 * authentication, the standard health service ({@code grpc.health.v1}, SERVING while up) and server reflection.
 * It starts and stops with the web server; stopping refuses new calls and gives running ones up to 30 s.
 */
@Component
public class GrpcServer implements SmartLifecycle {
    /** The spec's grace period for in-flight work on shutdown. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);
    /** Room for a 64 KiB contextData (the service's limit) in protobuf form with its envelope. */
    static final int MAX_MESSAGE_BYTES = 256 * 1024;
    private static final Logger log = LoggerFactory.getLogger(GrpcServer.class);

    private final IngressConfig config;
    private final SessionGrpcService sessionService;
    private final AuthService auth;
    private volatile HealthStatusManager health;
    private volatile Server server;
    private volatile ExecutorService callExecutor;

    private final RateLimitService limits;

    private final ObservationRegistry observations;

    private final IngressMetrics metrics;

    public GrpcServer(IngressConfig config, SessionGrpcService sessionService, AuthService auth,
                      RateLimitService limits, ObjectProvider<ObservationRegistry> observations,
                      IngressMetrics metrics) {
        this.metrics = metrics;
        SessionServiceGrpc.getServiceDescriptor().getMethods()
                .forEach(m -> metrics.knownEndpoint(m.getFullMethodName()));
        this.observations = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
        this.config = config;
        this.sessionService = sessionService;
        this.auth = auth;
        this.limits = limits;
    }

    @Override
    public synchronized void start() {
        if (server != null) {
            return;
        }
        // A new manager per start: a stopped one stays NOT_SERVING for good.
        HealthStatusManager health = new HealthStatusManager();
        ExecutorService executor = GrpcCallLimits.newCallExecutor();
        Server s = GrpcCallLimits.serverBuilder(config.grpcPort(), executor)
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .addService(ServerInterceptors.intercept(TolerantRequests.of(sessionService.bindService()),
                        // the last runs first: authenticate, then rate-limit the caller
                        new GrpcRateLimitInterceptor(limits), new GrpcAuthInterceptor(auth)))
                .addService(health.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance())
                .addService(legacyReflection())
                // Every failed call is counted, refusals by authentication and rate limits included.
                .intercept(new GrpcErrorMetricsInterceptor(metrics))
                // The outermost interceptor: every call, even a refused one, gets its request id back.
                .intercept(new RequestIdInterceptor())
                // outermost: a server span per call (continuing a traceparent from the metadata), like HTTP's
                .intercept(new ObservationGrpcServerInterceptor(observations))
                .build();
        try {
            s.start();
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("gRPC server cannot listen on GRPC_PORT=" + config.grpcPort(), e);
        }
        this.health = health;
        this.callExecutor = executor;
        server = s;
        health.setStatus("", ServingStatus.SERVING);
        health.setStatus(SessionServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
        log.info("gRPC server listening on port {}", s.getPort());
    }

    /** v1alpha reflection as well: older grpcurl and IDE clients only speak that one. */
    @SuppressWarnings("deprecation")
    private static io.grpc.BindableService legacyReflection() {
        return io.grpc.protobuf.services.ProtoReflectionService.newInstance();
    }

    @Override
    public void stop(Runnable callback) {
        Server s;
        synchronized (this) {
            s = server;
            server = null;
        }
        if (s == null) {
            callback.run();
            return;
        }
        // Drain on our own thread so the web server's graceful shutdown in the same phase runs alongside.
        Thread drain = new Thread(() -> {
            try {
                shutdown(s);
            } finally {
                callback.run();
            }
        }, "grpc-shutdown");
        drain.start();
    }

    @Override
    public void stop() {
        Server s;
        synchronized (this) {
            s = server;
            server = null;
        }
        if (s != null) {
            shutdown(s);
        }
    }

    private void shutdown(Server s) {
        health.enterTerminalState();
        s.shutdown();
        try {
            if (!s.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("gRPC calls still running after {} s; cancelling them", SHUTDOWN_GRACE.toSeconds());
                s.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            s.shutdownNow();
        }
        ExecutorService executor = callExecutor;
        if (executor != null) {
            executor.shutdownNow();
        }
        log.info("gRPC server stopped");
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** Same phase as the web server's graceful shutdown: both stop taking work, and drain, together. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }

    /** The port actually bound (useful when GRPC_PORT=0); -1 while stopped. */
    public int getPort() {
        Server s = server;
        return s == null ? -1 : s.getPort();
    }
}
