package com.jarvis.ingress.media.transport;

import com.jarvis.ingress.media.ice.IceTuple;
import com.jarvis.ingress.media.ice.LocalUfrag;
import com.jarvis.ingress.media.net.IoLoop;
import com.jarvis.ingress.media.net.PacketClassifier;
import com.jarvis.ingress.media.net.PacketHandler;
import com.jarvis.ingress.media.net.PacketKind;
import com.jarvis.ingress.media.net.PacketSender;
import com.jarvis.ingress.media.net.Transport;
import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * Routes each packet of a socket to its transport (media-behaviour.md): STUN by tuple, else by the local ufrag in
 * USERNAME; DTLS and RTP/RTCP by tuple only; anything else, or no match, is dropped and counted.
 *
 * <p>A transport is handled by one I/O thread, its owner ({@link WebRtcTransport#ownerFor}): the loop its first
 * packet arrived on. With {@code SO_REUSEPORT} the kernel keeps a UDP 4-tuple on one socket, so a UDP client's
 * packets all arrive on the owner; a packet arriving on another loop (a second candidate pair: ICE-TCP next to UDP,
 * or a new UDP tuple) is copied and handed to the owner's inbox, or dropped and counted when that is full
 * ({@link DropReason#HANDOFF_QUEUE_FULL}). Called off any I/O loop (benchmarks, tests), it handles the packet on
 * the calling thread.
 */
final class PacketDemux implements PacketHandler {

    /** Where transports are found: the server's tables (shared port) or one transport (own port). */
    interface Lookup {
        WebRtcTransport byTuple(IceTuple tuple);

        WebRtcTransport byUfrag(String ufrag);
    }

    private final Lookup lookup;
    private final MediaCounters counters;

    PacketDemux(Lookup lookup, MediaCounters counters) {
        this.lookup = lookup;
        this.counters = counters;
    }

    @Override
    public void onPacket(byte[] data, int off, int len, InetSocketAddress from, Transport protocol,
            PacketSender replyTo) {
        switch (PacketClassifier.kindOf(data, off, len)) {
            case STUN -> {
                IceTuple tuple = new IceTuple(from, protocol);
                WebRtcTransport t = lookup.byTuple(tuple);
                if (t == null) {
                    String ufrag = LocalUfrag.of(data, off, len);
                    t = ufrag == null ? null : lookup.byUfrag(ufrag);
                }
                if (t == null) {
                    counters.drop(DropReason.STUN_UNKNOWN_UFRAG);
                } else {
                    route(PacketKind.STUN, t, data, off, len, tuple, replyTo);
                }
            }
            case DTLS -> {
                IceTuple tuple = new IceTuple(from, protocol);
                WebRtcTransport t = lookup.byTuple(tuple);
                if (t == null) {
                    counters.drop(DropReason.DTLS_UNKNOWN_TUPLE);
                } else {
                    route(PacketKind.DTLS, t, data, off, len, tuple, replyTo);
                }
            }
            case RTP_RTCP -> {
                IceTuple tuple = new IceTuple(from, protocol);
                WebRtcTransport t = lookup.byTuple(tuple);
                if (t == null) {
                    counters.drop(DropReason.RTP_UNKNOWN_TUPLE);
                } else {
                    route(PacketKind.RTP_RTCP, t, data, off, len, tuple, replyTo);
                }
            }
            default -> counters.drop(DropReason.UNKNOWN_FIRST_BYTE);
        }
    }

    /** Handles the packet here when this thread owns {@code t} (or is no I/O loop), else hands a copy to the owner. */
    private void route(PacketKind kind, WebRtcTransport t, byte[] data, int off, int len, IceTuple tuple,
            PacketSender replyTo) {
        IoLoop here = IoLoop.current();
        IoLoop owner = here == null ? null : t.ownerFor(here);
        if (owner == here) {
            deliver(kind, t, data, off, len, tuple, replyTo);
            return;
        }
        // data is the socket's reused buffer: the owner gets its own copy (only packets of a second candidate pair).
        byte[] copy = Arrays.copyOfRange(data, off, off + len);
        if (owner.execute(() -> deliver(kind, t, copy, 0, len, tuple, replyTo))) {
            counters.packetHandedOff();
        } else {
            counters.drop(DropReason.HANDOFF_QUEUE_FULL);
        }
    }

    private static void deliver(PacketKind kind, WebRtcTransport t, byte[] data, int off, int len, IceTuple tuple,
            PacketSender replyTo) {
        switch (kind) {
            case STUN -> t.onStun(data, off, len, tuple, replyTo);
            case DTLS -> t.onDtls(data, off, len);
            default -> t.onRtpRtcp(data, off, len);
        }
    }

    @Override
    public void onConnectionClosed(PacketSender connection) {
        IceTuple tuple = new IceTuple(connection.remote(), Transport.TCP);
        WebRtcTransport t = lookup.byTuple(tuple);
        if (t != null) {
            t.onTcpConnectionClosed(tuple, connection);
        }
    }
}
