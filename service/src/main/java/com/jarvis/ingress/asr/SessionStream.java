package com.jarvis.ingress.asr;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import com.jarvis.ingress.asr.v1.AsrEvent;
import com.jarvis.ingress.asr.v1.AudioFrame;
import com.jarvis.ingress.asr.v1.AudioFrame.Source;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One session's way to the gateway. The packet side ({@link #pcm}, {@link #opus}, {@link #mediaEnded},
 * {@link #end}) frames audio under this object's lock and hands frames to the bounded {@link FrameBuffer}; it
 * never waits for the network. The sender side runs only on this session's sender thread: it opens a
 * {@code StreamAudio} call when there is audio, writes frames while the call is ready (gRPC flow control), and
 * after a failure reopens with jittered exponential backoff, carrying on with the next sequence number. gRPC
 * callbacks only schedule work on the sender thread.
 *
 * <p>Lock order: this (packet side) → FrameBuffer; the sender thread takes only the FrameBuffer lock.
 */
final class SessionStream {
    /** A frame written this shortly before its stream failed may never have been read: counted as dropped. */
    static final long UNCONFIRMED_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** A stream that lived this long before failing was healthy: the next failure backs off from the start. */
    static final long HEALTHY_NANOS = TimeUnit.SECONDS.toNanos(2);

    /** What the forwarder provides to its streams. */
    interface Host {
        ClientCallStreamObserver<AudioFrame> open(ClientResponseObserver<AudioFrame, AsrEvent> responses);

        AsrMetrics metrics();

        void transcript(UUID sessionId, AsrEvent event);

        /** Makes the channel retry its connection now instead of waiting out its own backoff. */
        void connectNow();

        /** The stream delivered its end of stream or gave up: forget it. */
        void finished(SessionStream stream);

        /** How long a stream of an ended session keeps trying to deliver its buffer. */
        long drainTimeoutNanos();
    }

    final UUID sessionId;
    private final String sessionIdText;
    private final Host host;
    private final ScheduledExecutorService sender;
    private final FrameBuffer buffer;
    private final Backoff backoff;
    private final AtomicBoolean drainQueued = new AtomicBoolean();

    // Packet side, guarded by this.
    private final FrameAssembler assembler;
    private boolean ending;

    volatile long lastAudioNanos = System.nanoTime();
    /** Set once the session's owner is known (looked up off the packet path); the stream opens after that. */
    private volatile String userId;
    private volatile long endedNanos;

    // Sender thread only.
    private Call current;
    private ScheduledFuture<?> retry;
    private boolean everOpened;
    private boolean finished;

    SessionStream(UUID sessionId, long firstSequence, AsrConfig config, Host host, ScheduledExecutorService sender,
                  Backoff backoff) {
        this.sessionId = sessionId;
        this.sessionIdText = sessionId.toString();
        this.host = host;
        this.sender = sender;
        this.backoff = backoff;
        this.buffer = new FrameBuffer(config.bufferFrames(), config.bufferBytes());
        this.assembler = new FrameAssembler(config.frameSamples(), firstSequence, this::enqueue);
    }

    // ---- packet side (media I/O threads) ----

    void pcm(Source source, short[] pcm, int n) {
        synchronized (this) {
            if (!ending) {
                lastAudioNanos = System.nanoTime();
                assembler.pcm(source, pcm, n, System.currentTimeMillis(), lastAudioNanos);
            }
        }
    }

    void opus(byte[] packet, int off, int len, int samples) {
        boolean kept;
        synchronized (this) {
            if (ending) {
                return;
            }
            lastAudioNanos = System.nanoTime();
            kept = assembler.opus(packet, off, len, samples, System.currentTimeMillis(), lastAudioNanos);
        }
        if (!kept) {
            host.metrics().dropped(AsrMetrics.DropReason.oversize, 1);
        }
    }

    /** The transport closed: send what is framed so far rather than holding it until more audio comes. */
    void mediaEnded() {
        synchronized (this) {
            assembler.flush(System.nanoTime());
        }
    }

    /** The session ended or expired: the rest of its audio, then end_of_stream. Idempotent. */
    void end() {
        synchronized (this) {
            if (ending) {
                return;
            }
            ending = true;
            endedNanos = System.nanoTime();
            enqueue(assembler.endOfStream(System.currentTimeMillis(), endedNanos));
        }
    }

    /** The sequence number the next frame would get. */
    synchronized long nextSequence() {
        return assembler.nextSequence();
    }

    boolean ending() {
        return endedNanos != 0;
    }

    /** Under this (or from the assembler, under this): never blocks. */
    private void enqueue(BufferedFrame frame) {
        host.metrics().dropped(AsrMetrics.DropReason.buffer_full, buffer.offer(frame));
        requestDrain();
    }

    void userIdResolved(String id) {
        userId = id == null ? "" : id;
        requestDrain();
    }

    int bufferedFrames() {
        return buffer.size();
    }

    int bufferedBytes() {
        return buffer.bytes();
    }

    // ---- sender thread ----

    void requestDrain() {
        if (drainQueued.compareAndSet(false, true)) {
            sender.execute(() -> {
                drainQueued.set(false);
                drain();
            });
        }
    }

    private void drain() {
        if (finished) {
            return;
        }
        if (current == null) {
            if (retry != null || userId == null || buffer.isEmpty()) {
                return;
            }
            open();
        }
        Call c = current;
        while (!c.halfClosed && c.requests.isReady()) {
            BufferedFrame f = buffer.poll();
            if (f == null) {
                break;
            }
            c.send(f);
        }
    }

    private void open() {
        if (everOpened) {
            host.metrics().reconnect();
        }
        everOpened = true;
        Call c = new Call();
        current = c;
        c.requests = host.open(c);
        host.metrics().streamOpened();
    }

    /** The call failed, or the gateway ended it before our end_of_stream: count, then reopen after a backoff. */
    private void failed(Call c) {
        if (c != current) {
            return;
        }
        current = null;
        host.metrics().streamClosed();
        long now = System.nanoTime();
        host.metrics().dropped(AsrMetrics.DropReason.stream_failed, c.unconfirmed(now));
        if (c.halfClosed) {
            finish(); // end_of_stream was written; a failure after it leaves nothing to resend
            return;
        }
        if (ending() && now - endedNanos > host.drainTimeoutNanos()) {
            host.metrics().dropped(AsrMetrics.DropReason.abandoned, buffer.clear());
            finish();
            return;
        }
        if (now - c.openedNanos > HEALTHY_NANOS) {
            backoff.reset();
        }
        long delay = backoff.nextDelayMs();
        retry = sender.schedule(() -> {
            retry = null;
            host.connectNow();
            drain();
        }, delay, TimeUnit.MILLISECONDS);
    }

    private void completed(Call c) {
        if (c != current) {
            return;
        }
        if (c.halfClosed) {
            current = null;
            host.metrics().streamClosed();
            finish();
        } else {
            failed(c);
        }
    }

    private void finish() {
        finished = true;
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
        host.finished(this);
    }

    /** Shutdown: cancel the call, count what is left. Sender thread. */
    void abort() {
        if (current != null) {
            current.requests.cancel("ingress shutting down", null);
        }
        host.metrics().dropped(AsrMetrics.DropReason.abandoned, buffer.clear());
        finished = true;
    }

    /** One StreamAudio call. Its callbacks come on gRPC threads and only schedule work on the sender thread. */
    private final class Call implements ClientResponseObserver<AudioFrame, AsrEvent> {
        final long openedNanos = System.nanoTime();
        ClientCallStreamObserver<AudioFrame> requests;
        boolean halfClosed;
        /** Write times of the last frames (a ring): what a failure may have swallowed. */
        private final long[] writes = new long[128];
        private int writeCount;

        @Override
        public void beforeStart(ClientCallStreamObserver<AudioFrame> requestStream) {
            requestStream.setOnReadyHandler(SessionStream.this::requestDrain);
        }

        void send(BufferedFrame f) {
            AudioFrame.Builder b = AudioFrame.newBuilder()
                    .setSessionId(sessionIdText)
                    .setUserId(userId)
                    .setSequence(f.sequence())
                    .setSampleRate(com.jarvis.ingress.media.audio.AudioFrame.SAMPLE_RATE)
                    .setSource(f.source())
                    .setCaptureTimeMs(f.captureTimeMs())
                    .setEndOfStream(f.endOfStream());
            // The payload array is never written again once the frame is complete: no copy needed.
            ByteString bytes = UnsafeByteOperations.unsafeWrap(f.payload());
            if (f.encoding() == AsrEncoding.OPUS) {
                b.setEncoding(AudioFrame.Encoding.OPUS).setOpus(bytes);
            } else {
                b.setEncoding(AudioFrame.Encoding.PCM_S16LE).setPcm(bytes);
            }
            long now = System.nanoTime();
            requests.onNext(b.build());
            if (f.endOfStream()) {
                halfClosed = true;
                requests.onCompleted();
                // A gateway that never closes its side must not keep the stream (and its memory) forever.
                sender.schedule(() -> {
                    if (current == this) {
                        requests.cancel("no answer to end_of_stream", null);
                    }
                }, host.drainTimeoutNanos(), TimeUnit.NANOSECONDS);
            } else {
                writes[writeCount++ % writes.length] = now;
                host.metrics().sent(f.bytes(), now - f.completedNanos());
            }
        }

        int unconfirmed(long now) {
            int n = 0;
            for (int i = 0; i < Math.min(writeCount, writes.length); i++) {
                if (now - writes[i] < UNCONFIRMED_NANOS) {
                    n++;
                }
            }
            return n;
        }

        @Override
        public void onNext(AsrEvent event) {
            host.transcript(sessionId, event);
        }

        @Override
        public void onError(Throwable t) {
            sender.execute(() -> failed(this));
        }

        @Override
        public void onCompleted() {
            sender.execute(() -> completed(this));
        }
    }
}
