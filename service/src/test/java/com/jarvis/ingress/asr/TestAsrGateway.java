package com.jarvis.ingress.asr;

import com.jarvis.ingress.asr.v1.AsrEvent;
import com.jarvis.ingress.asr.v1.AsrGatewayGrpc;
import com.jarvis.ingress.asr.v1.AudioFrame;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real AsrGateway gRPC server for tests, on a port of its own choosing that stays the same across
 * {@link #stop()}/{@link #start()}, so a test can kill and restart "the gateway". It records every frame of every
 * stream (the recording survives restarts), can read slowly (one frame per {@code readEveryMillis}, with a small
 * HTTP/2 window so back-pressure reaches the ingress quickly), and answers frames with events from a script.
 */
final class TestAsrGateway implements AutoCloseable {
    /** Everything a session sent, per stream, in arrival order. */
    record Stream(UUID sessionId, List<AudioFrame> frames, AtomicBoolean completed) {
    }

    private final int port;
    private final List<Stream> streams = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<String, List<AudioFrame>> bySession = new ConcurrentHashMap<>();
    private final ScheduledExecutorService slow = Executors.newSingleThreadScheduledExecutor();
    private volatile long readEveryMillis;
    private volatile Function<AudioFrame, List<AsrEvent>> script = f -> List.of();
    private Server server;
    private java.io.File tlsCert;
    private java.io.File tlsKey;

    TestAsrGateway() {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    String url() {
        return (tlsCert == null ? "grpc://127.0.0.1:" : "grpcs://localhost:") + port;
    }

    /** Serves TLS with this certificate chain and PKCS#8 key (PEM). */
    TestAsrGateway tls(java.io.File certChain, java.io.File key) {
        tlsCert = certChain;
        tlsKey = key;
        return this;
    }

    TestAsrGateway readEvery(long millis) {
        readEveryMillis = millis;
        return this;
    }

    /** Events to answer each frame with. */
    TestAsrGateway answering(Function<AudioFrame, List<AsrEvent>> script) {
        this.script = script;
        return this;
    }

    /** Starts the gateway (again) on its port; a running one stays as it is. */
    synchronized TestAsrGateway start() {
        if (server != null) {
            return this;
        }
        NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .addService(new Service());
        if (readEveryMillis > 0) {
            b.flowControlWindow(16 * 1024);
        }
        if (tlsCert != null) {
            b.useTransportSecurity(tlsCert, tlsKey);
        }
        server = b.build();
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Kills the gateway: every open stream breaks. */
    synchronized void stop() {
        if (server != null) {
            server.shutdownNow();
            try {
                server.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server = null;
        }
    }

    /** Frames received for a session, over all its streams, in arrival order. */
    List<AudioFrame> frames(UUID sessionId) {
        return new ArrayList<>(bySession.getOrDefault(sessionId.toString(), List.of()));
    }

    /** Streams opened for a session. */
    List<Stream> streams(UUID sessionId) {
        return streams.stream().filter(s -> sessionId.equals(s.sessionId())).toList();
    }

    /** Drops the recorded frames (for long benchmark runs). */
    void forget() {
        bySession.clear();
        streams.forEach(st -> st.frames().clear());
    }

    int streamsOpened() {
        return streams.size();
    }

    /** Frames of the stream opened as number {@code index} (0 when there is none yet). */
    int streamFrames(int index) {
        return streams.size() <= index ? 0 : streams.get(index).frames().size();
    }

    @Override
    public void close() {
        stop();
        slow.shutdownNow();
    }

    private final class Service extends AsrGatewayGrpc.AsrGatewayImplBase {
        @Override
        public StreamObserver<AudioFrame> streamAudio(StreamObserver<AsrEvent> responses) {
            ServerCallStreamObserver<AsrEvent> call = (ServerCallStreamObserver<AsrEvent>) responses;
            boolean manual = readEveryMillis > 0;
            if (manual) {
                call.disableAutoRequest();
                call.request(1);
            }
            return new StreamObserver<>() {
                Stream stream;

                @Override
                public void onNext(AudioFrame f) {
                    if (stream == null) {
                        stream = new Stream(UUID.fromString(f.getSessionId()), new CopyOnWriteArrayList<>(),
                                new AtomicBoolean());
                        streams.add(stream);
                    }
                    stream.frames().add(f);
                    bySession.computeIfAbsent(f.getSessionId(), k -> new CopyOnWriteArrayList<>()).add(f);
                    synchronized (call) {
                        for (AsrEvent e : script.apply(f)) {
                            call.onNext(e);
                        }
                    }
                    long every = readEveryMillis;
                    if (manual && every > 0) {
                        slow.schedule(() -> call.request(1), every, TimeUnit.MILLISECONDS);
                    } else if (manual) {
                        call.request(1);
                    }
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                    if (stream != null) {
                        stream.completed().set(true);
                    }
                    synchronized (call) {
                        call.onCompleted();
                    }
                }
            };
        }
    }
}
