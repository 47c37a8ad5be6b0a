package com.jarvis.ingress.media.transport;

import com.jarvis.ingress.media.sctp.DataChannel;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * One data channel a client sends on (mediasoup's DataProducer): pre-negotiated by stream id through
 * {@link WebRtcTransport#produceData}, or opened by the client with DCEP. {@code maxPacketLifeTime} and
 * {@code maxRetransmits} are null when unset. {@link #close()} resets the stream so the id can be reused.
 */
public final class DataProducer {
    private final String id = UUID.randomUUID().toString();
    private final WebRtcTransport transport;
    private final DataChannel channel;
    /** Set once: at creation (produceData) or right after the DCEP open was reported. */
    private volatile DataMessageListener listener;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LongAdder messages = new LongAdder();
    private final LongAdder bytes = new LongAdder();

    DataProducer(WebRtcTransport transport, DataChannel channel, DataMessageListener listener) {
        this.transport = transport;
        this.channel = channel;
        this.listener = listener;
    }

    public String id() {
        return id;
    }

    public int streamId() {
        return channel.streamId();
    }

    public String label() {
        return channel.label();
    }

    public String protocol() {
        return channel.protocol();
    }

    public boolean ordered() {
        return channel.ordered();
    }

    public Integer maxPacketLifeTime() {
        return channel.maxPacketLifeTime() < 0 ? null : (int) channel.maxPacketLifeTime();
    }

    public Integer maxRetransmits() {
        return channel.maxRetransmits() < 0 ? null : channel.maxRetransmits();
    }

    /** True for a channel signalled with produceData, false for one the client opened with DCEP. */
    public boolean negotiated() {
        return channel.negotiated();
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Messages delivered to the listener. */
    public long messagesReceived() {
        return messages.sum();
    }

    /** Payload bytes of those messages. */
    public long bytesReceived() {
        return bytes.sum();
    }

    /** Closes the channel: resets our side of the stream; idempotent. Do not call from a listener callback. */
    public void close() {
        if (markClosed()) {
            transport.dataProducerClosed(this, true);
        }
    }

    DataChannel channel() {
        return channel;
    }

    void listener(DataMessageListener l) {
        this.listener = l;
    }

    boolean markClosed() {
        return closed.compareAndSet(false, true);
    }

    void deliver(int streamId, int ppid, byte[] data) {
        messages.increment();
        bytes.add(data.length);
        DataMessageListener l = listener;
        if (l != null) {
            l.onMessage(streamId, ppid, data);
        }
    }

    void notifyClosed() {
        DataMessageListener l = listener;
        if (l != null) {
            try {
                l.onClosed(this);
            } catch (RuntimeException e) {
                // a listener bug must not break the closing thread
            }
        }
    }
}
