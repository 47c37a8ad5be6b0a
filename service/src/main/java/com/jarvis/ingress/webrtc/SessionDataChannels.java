package com.jarvis.ingress.webrtc;

import com.jarvis.ingress.media.audio.AudioFrame;
import com.jarvis.ingress.media.transport.DataMessageListener;
import com.jarvis.ingress.media.transport.DataProducer;
import com.jarvis.ingress.session.SessionStats;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * The data channels of one session's transport, pre-negotiated or DCEP alike: binary messages are audio chunks
 * (counted, handed to a {@link DataChunkDecoder}, whose audio goes on as the session's), string messages are control
 * messages (counted, passed to the listeners). Runs on the media I/O thread, which only counts a chunk and copies it
 * into the session's decode lane: Opus is decoded on the decode pool's threads, in order; a chunk refused by a full
 * lane is counted by {@code onQueueFull} (the RTP path's {@code DECODE_QUEUE_FULL}). Never throws into the packet
 * path. {@link #close} with the transport.
 */
final class SessionDataChannels implements DataMessageListener, AutoCloseable {
    private final UUID sessionId;
    private final List<SessionAudioListener> listeners;
    private final MediaMetrics metrics;
    private final DataChunkDecoder decoder;
    private final Runnable onQueueFull;

    // Written under this (decoding is serialised by it); volatile so that stats() reads them without waiting for
    // a chunk's decode on the media thread.
    private volatile long chunks;
    private volatile long bytes;
    private volatile long controlMessages;

    SessionDataChannels(UUID sessionId, List<SessionAudioListener> listeners, MediaMetrics metrics,
                        DataChunkDecoder decoder, Runnable onQueueFull) {
        this.sessionId = sessionId;
        this.listeners = listeners;
        this.metrics = metrics;
        this.decoder = decoder;
        this.onQueueFull = onQueueFull;
    }

    @Override
    public void onMessage(int streamId, int ppid, byte[] data) {
        boolean binary = DataMessageListener.isBinary(ppid);
        for (SessionAudioListener l : listeners) {
            try {
                l.onDataMessage(sessionId, streamId, binary, data);
            } catch (RuntimeException e) {
                listenerError();
            }
        }
        if (binary) {
            onChunk(data);
        } else {
            onControl(new String(data, StandardCharsets.UTF_8));
        }
    }

    private void onChunk(byte[] data) {
        if (metrics != null) {
            metrics.dataChunk(data.length);
        }
        boolean queued = true;
        synchronized (this) {
            chunks++;
            bytes += data.length;
            try {
                queued = decoder.offer(data);
            } catch (RuntimeException e) {
                // The decoders do not throw on bad input; this guards the packet path against a listener bug.
                listenerError();
            }
        }
        if (!queued) {
            onQueueFull.run();
        }
    }

    private void onControl(String text) {
        synchronized (this) {
            controlMessages++;
        }
        for (SessionAudioListener l : listeners) {
            try {
                l.onControlMessage(sessionId, text);
            } catch (RuntimeException e) {
                listenerError();
            }
        }
    }

    private void listenerError() {
        if (metrics != null) {
            metrics.listenerError();
        }
    }

    /** Published counters, no lock: an HTTP stats call never waits for the packet path. */
    SessionStats stats() {
        return SessionStats.data(chunks, bytes, controlMessages, decoder.errors(),
                decoder.samples() / (double) AudioFrame.SAMPLE_RATE);
    }

    /** Chunks waiting to be decoded. */
    int queued() {
        return decoder.queued();
    }

    /** The transport closed: queued chunks are discarded, the decoder freed. */
    @Override
    public void close() {
        decoder.close();
    }

    @Override
    public void onClosed(DataProducer producer) {
        // The session's audio goes on while its transport lives; a closed channel only stops its own messages.
    }
}
