package com.jarvis.ingress.bench.loadgen;

import com.jarvis.ingress.media.sctp.DataChannel;
import com.jarvis.ingress.media.sctp.DataChannelListener;
import com.jarvis.ingress.media.sctp.DataChannelManager;
import com.jarvis.ingress.media.sctp.SctpAssociation;
import com.jarvis.ingress.media.sctp.SctpConfig;
import com.jarvis.ingress.media.sctp.SctpCookieSecret;
import com.jarvis.ingress.media.sctp.SctpPacketSender;
import com.jarvis.ingress.media.sctp.SctpState;
import com.jarvis.ingress.media.sctp.SctpTimerDriver;
import com.jarvis.ingress.media.sctp.SendResult;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A browser's data channel side, from the media library's SCTP: the active end of the association over the
 * client's DTLS (it sends the INIT, as browsers do), then one reliable ordered channel opened with DCEP, which the
 * service accepts without signalling (docs/webrtc.md). Timers run on the generator's shared {@link SctpTimerDriver}.
 */
final class DataChannelClient implements DataChannelListener {
    private static final long OPEN_TIMEOUT_MILLIS = 10_000;

    private final SctpTimerDriver timers;
    private final DataChannelManager manager = new DataChannelManager(true, this);
    private final SctpAssociation association;
    private final CompletableFuture<SctpState> established = new CompletableFuture<>();
    private volatile int streamId = -1;
    private volatile long sent;
    private volatile long sendFailures;

    DataChannelClient(SctpTimerDriver timers, SctpPacketSender out) {
        this.timers = timers;
        this.association = new SctpAssociation(SctpConfig.defaults(), SctpCookieSecret.random(), out, manager,
                DataChannelClient::nowMillis);
        manager.attach(association);
    }

    /** Connects the association and opens the channel (DCEP OPEN; usable at once, ordered). Blocks. */
    void open() throws Exception {
        association.connect(nowMillis());
        kick();
        SctpState state;
        try {
            state = established.get(OPEN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("SCTP: not established in " + OPEN_TIMEOUT_MILLIS + " ms");
        }
        if (state != SctpState.ESTABLISHED) {
            throw new IOException("SCTP " + state);
        }
        DataChannel ch = manager.open("audio", "", true, -1, -1);
        if (ch == null) {
            throw new IOException("data channel: DCEP OPEN could not be sent");
        }
        kick();
        streamId = ch.streamId();
    }

    /** One SCTP packet from DTLS (the generator's I/O thread). */
    void onPacket(byte[] buf, int off, int len) {
        association.onPacket(buf, off, len, nowMillis());
        kick();
    }

    /** Sends one binary message (pacer thread); counts it as sent only when SCTP queued it. */
    void send(byte[] chunk) {
        int id = streamId;
        if (id < 0) {
            return;
        }
        if (manager.sendBinary(id, chunk) == SendResult.QUEUED) {
            sent++;
        } else {
            sendFailures++;
        }
        kick();
    }

    long sent() {
        return sent;
    }

    long sendFailures() {
        return sendFailures;
    }

    void close() {
        association.abort();
        timers.remove(association);
    }

    @Override
    public void onStateChanged(SctpState state) {
        if (state == SctpState.ESTABLISHED || state == SctpState.CLOSED) {
            established.complete(state);
        }
    }

    private void kick() {
        try {
            timers.kick(association);
        } catch (RejectedExecutionException e) {
            // the run is over and its timer thread gone
        }
    }

    private static long nowMillis() {
        return System.nanoTime() / 1_000_000;
    }
}
