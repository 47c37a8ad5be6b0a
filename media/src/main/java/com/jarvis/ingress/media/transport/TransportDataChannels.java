package com.jarvis.ingress.media.transport;

import com.jarvis.ingress.media.dtls.DtlsEndpoint;
import com.jarvis.ingress.media.sctp.DataChannel;
import com.jarvis.ingress.media.sctp.DataChannelListener;
import com.jarvis.ingress.media.sctp.DataChannelManager;
import com.jarvis.ingress.media.sctp.SctpAssociation;
import com.jarvis.ingress.media.sctp.SctpConfig;
import com.jarvis.ingress.media.sctp.SctpCookieSecret;
import com.jarvis.ingress.media.sctp.SctpState;
import com.jarvis.ingress.media.sctp.SctpStats;
import com.jarvis.ingress.media.sctp.SctpTimerDriver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The SCTP side of one transport: the association over its DTLS (created when DTLS connects, passive: WebRTC
 * clients send the INIT), the data channel layer on it, and the transport's {@link DataProducer}s by stream id.
 *
 * <p>Lock order: the association calls {@link DataChannelListener} methods while holding its own lock, and
 * {@link DataChannelManager} calls into the association without holding its lock. Nothing here holds a lock while
 * calling either of them, except {@link #lock} around creating the association (which calls into nothing).
 */
final class TransportDataChannels implements DataChannelListener {
    private final WebRtcTransport transport;
    private final TransportListener transportListener;
    private final DtlsEndpoint dtls;
    private final SctpTimerDriver timers;
    private final SctpCookieSecret secret;
    private final LongSupplier clock;
    private final MediaCounters counters;
    private final DataChannelManager manager = new DataChannelManager(false, this);
    private final ConcurrentHashMap<Integer, DataProducer> byStream = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private volatile SctpAssociation association;
    private final LongAdder withoutProducer = new LongAdder();
    private volatile boolean closed;

    TransportDataChannels(WebRtcTransport transport, TransportListener transportListener, DtlsEndpoint dtls,
            SctpTimerDriver timers, SctpCookieSecret secret, LongSupplier clock, MediaCounters counters) {
        this.transport = transport;
        this.transportListener = transportListener;
        this.dtls = dtls;
        this.timers = timers;
        this.secret = secret;
        this.clock = clock;
        this.counters = counters;
    }

    /** DTLS connected: the association exists from now on, waiting for the client's INIT. */
    void onDtlsConnected() {
        association();
    }

    /** One SCTP packet from DTLS (I/O thread). */
    void onApplicationData(byte[] buf, int off, int len) {
        SctpAssociation a = association();
        if (a == null) {
            counters.drop(DropReason.TRANSPORT_CLOSED);
            return;
        }
        a.onPacket(buf, off, len);
        kick(a);
    }

    private void kick(SctpAssociation a) {
        try {
            timers.kick(a);
        } catch (RejectedExecutionException e) {
            // the server is closing: its timer thread is gone, and so is this transport in a moment
        }
    }

    private SctpAssociation association() {
        SctpAssociation a = association;
        if (a != null || closed) {
            return a;
        }
        synchronized (lock) {
            if (association == null && !closed) {
                SctpAssociation created = new SctpAssociation(SctpConfig.defaults(), secret, dtls::send, manager,
                        clock);
                manager.attach(created);
                association = created;
                counters.sctpAssociationCreated();
            }
            return association;
        }
    }

    DataProducer produce(SctpStreamParameters p, String label, String protocol, DataMessageListener listener) {
        if (closed) {
            throw new IllegalStateException("transport closed");
        }
        DataChannel channel = DataChannel.negotiated(p.streamId(), p.ordered(), p.maxRetransmits(),
                p.maxPacketLifeTime(), label, protocol);
        DataProducer producer = new DataProducer(transport, channel, listener);
        if (byStream.putIfAbsent(p.streamId(), producer) != null) {
            throw new IllegalStateException("stream id " + p.streamId() + " is in use");
        }
        if (!manager.registerNegotiated(channel)) {
            byStream.remove(p.streamId(), producer);
            throw new IllegalStateException("stream id " + p.streamId() + " is in use");
        }
        counters.dataChannelOpened();
        if (closed) {
            closeAll();
            throw new IllegalStateException("transport closed");
        }
        return producer;
    }

    DataProducer producer(int streamId) {
        return byStream.get(streamId);
    }

    List<DataProducer> producers() {
        return new ArrayList<>(byStream.values());
    }

    /** The application closed a producer: free the stream both ways (the peer answers our reset with its own). */
    void producerClosed(DataProducer p) {
        if (byStream.remove(p.streamId(), p)) {
            counters.dataChannelClosed();
        }
        manager.close(p.streamId());
        SctpAssociation a = association;
        if (a != null) {
            kick(a);
        }
        p.notifyClosed();
    }

    /** Messages on streams with no data channel or producer (dropped). */
    long messagesWithoutProducer() {
        return manager.messagesWithoutChannel() + withoutProducer.sum();
    }

    SctpStats stats() {
        SctpAssociation a = association;
        return a == null ? null : a.stats();
    }

    SctpState state() {
        SctpAssociation a = association;
        return a == null ? SctpState.CLOSED : a.state();
    }

    /** With the transport: ABORT (while DTLS can still carry it), forget the timers, close every producer. */
    void close() {
        SctpAssociation a;
        synchronized (lock) {
            closed = true;
            a = association;
        }
        if (a != null) {
            a.abort();
            timers.remove(a);
        }
        closeAll();
    }

    private void closeAll() {
        for (DataProducer p : producers()) {
            if (byStream.remove(p.streamId(), p)) {
                counters.dataChannelClosed();
            }
            if (p.markClosed()) {
                p.notifyClosed();
            }
        }
    }

    // ---- DataChannelListener: called with the association locked ----

    @Override
    public void onChannelOpened(DataChannel channel) {
        if (channel.negotiated() || closed) {
            return;
        }
        DataProducer producer = new DataProducer(transport, channel, null);
        DataProducer previous = byStream.put(channel.streamId(), producer);
        if (previous != null && previous.markClosed()) {
            previous.notifyClosed();
        }
        counters.dataChannelOpened();
        try {
            producer.listener(transportListener.onDataChannelOpened(producer));
        } catch (RuntimeException e) {
            // a listener bug must not break the packet path; its messages are counted as dropped
        }
    }

    @Override
    public void onMessage(int streamId, int ppid, byte[] data) {
        DataProducer p = byStream.get(streamId);
        if (p == null || p.isClosed()) {
            withoutProducer.increment();
            counters.drop(DropReason.DATA_NO_PRODUCER);
            return;
        }
        counters.dataMessage(data.length);
        try {
            p.deliver(streamId, ppid, data);
        } catch (RuntimeException e) {
            counters.drop(DropReason.DATA_NO_PRODUCER);
        }
    }

    @Override
    public void onChannelClosed(DataChannel channel) {
        DataProducer p = byStream.get(channel.streamId());
        if (p == null) {
            return;
        }
        if (byStream.remove(channel.streamId(), p)) {
            counters.dataChannelClosed();
        }
        if (p.markClosed()) {
            p.notifyClosed();
        }
    }
}
