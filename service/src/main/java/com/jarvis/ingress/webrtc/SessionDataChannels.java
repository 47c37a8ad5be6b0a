package com.jarvis.ingress.webrtc;

import com.jarvis.ingress.media.audio.AudioFrame;
import com.jarvis.ingress.media.audio.AudioSink;
import com.jarvis.ingress.media.transport.DataMessageListener;
import com.jarvis.ingress.media.transport.DataProducer;
import com.jarvis.ingress.session.AudioConfig;
import com.jarvis.ingress.session.SessionStats;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * The data channels of one session's transport, pre-negotiated or DCEP alike: binary messages are audio chunks
 * (counted, decoded by a {@link DataChunkDecoder}, handed on as the session's audio), string messages are control
 * messages (counted, passed to the listeners). Runs on the media I/O thread; decoding a chunk is the only real work
 * and is as cheap as the RTP path's per-packet decode. Never throws into the packet path.
 */
final class SessionDataChannels implements DataMessageListener {
    private final UUID sessionId;
    private final List<SessionAudioListener> listeners;
    private final MediaMetrics metrics;
    private final DataChunkDecoder decoder;

    // Written under this (decoding is serialised by it); volatile so that stats() reads them without waiting for
    // a chunk's decode on the media thread.
    private volatile long chunks;
    private volatile long bytes;
    private volatile long controlMessages;

    SessionDataChannels(UUID sessionId, AudioConfig config, List<SessionAudioListener> listeners, MediaMetrics metrics,
                        AudioSink sink) {
        this.sessionId = sessionId;
        this.listeners = listeners;
        this.metrics = metrics;
        this.decoder = new DataChunkDecoder(config, sink);
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
        synchronized (this) {
            chunks++;
            bytes += data.length;
            try {
                decoder.decode(data);
            } catch (RuntimeException e) {
                // The decoders do not throw on bad input; this guards the packet path against a listener bug.
                listenerError();
            }
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

    @Override
    public void onClosed(DataProducer producer) {
        // The session's audio goes on while its transport lives; a closed channel only stops its own messages.
    }
}
