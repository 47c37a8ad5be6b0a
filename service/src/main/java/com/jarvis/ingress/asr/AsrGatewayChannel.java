package com.jarvis.ingress.asr;

import com.jarvis.ingress.asr.v1.AsrEvent;
import com.jarvis.ingress.asr.v1.AsrGatewayGrpc;
import com.jarvis.ingress.asr.v1.AudioFrame;
import io.grpc.ChannelCredentials;
import io.grpc.ConnectivityState;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * The one gRPC channel to the ASR gateway (plaintext for grpc://, TLS for grpcs:// with the system trust store or
 * ASR_GATEWAY_CA_FILE). Keepalive pings find a gateway that vanished without closing its connections.
 */
public final class AsrGatewayChannel implements AutoCloseable {
    /** Recognition events are short texts; anything bigger is a broken gateway. */
    static final int MAX_EVENT_BYTES = 64 * 1024;

    static final long MIN_RESET_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final ManagedChannel channel;
    private final java.util.concurrent.atomic.AtomicLong lastReset = new java.util.concurrent.atomic.AtomicLong(
            System.nanoTime() - MIN_RESET_NANOS);
    private final AsrGatewayGrpc.AsrGatewayStub stub;

    public AsrGatewayChannel(AsrConfig config) {
        AsrTarget target = config.target();
        this.channel = Grpc.newChannelBuilderForAddress(target.host(), target.port(), credentials(config))
                .maxInboundMessageSize(MAX_EVENT_BYTES)
                .keepAliveTime(20, TimeUnit.SECONDS)
                .keepAliveTimeout(10, TimeUnit.SECONDS)
                .userAgent("jarvis-ingress")
                // With retries on, gRPC keeps every frame a stream sent until the gateway's response headers
                // arrive (up to 1 MiB per stream): heap per session growing with its audio. A broken stream is
                // re-opened by SessionStream instead.
                .disableRetry()
                .build();
        this.stub = AsrGatewayGrpc.newStub(channel);
    }

    private static ChannelCredentials credentials(AsrConfig config) {
        if (!config.target().tls()) {
            return InsecureChannelCredentials.create();
        }
        if (config.caFile() == null) {
            return TlsChannelCredentials.create();
        }
        try {
            return TlsChannelCredentials.newBuilder().trustManager(config.caFile().toFile()).build();
        } catch (IOException e) {
            throw new UncheckedIOException("ASR_GATEWAY_CA_FILE could not be read", e);
        }
    }

    ClientCallStreamObserver<AudioFrame> streamAudio(ClientResponseObserver<AudioFrame, AsrEvent> responses) {
        return (ClientCallStreamObserver<AudioFrame>) stub.streamAudio(responses);
    }

    /**
     * Skips the channel's own reconnect backoff (up to 2 minutes) when it is in failure: ours is shorter. At most
     * every {@link #MIN_RESET_NANOS}, so that many sessions retrying at once cause one connection attempt, not many.
     */
    void connectNow() {
        long now = System.nanoTime();
        long last = lastReset.get();
        if (channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE && now - last >= MIN_RESET_NANOS
                && lastReset.compareAndSet(last, now)) {
            channel.resetConnectBackoff();
        }
    }

    /**
     * READY, or the state after waiting up to {@code waitMillis} for a connection attempt to settle (an idle
     * channel is asked to connect).
     */
    ConnectivityState probe(long waitMillis) {
        connectNow();
        ConnectivityState state = channel.getState(true);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while ((state == ConnectivityState.IDLE || state == ConnectivityState.CONNECTING)
                && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            state = channel.getState(false);
        }
        return state;
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
