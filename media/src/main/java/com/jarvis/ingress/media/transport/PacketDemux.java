package com.jarvis.ingress.media.transport;

import com.jarvis.ingress.media.ice.IceTuple;
import com.jarvis.ingress.media.ice.LocalUfrag;
import com.jarvis.ingress.media.net.PacketClassifier;
import com.jarvis.ingress.media.net.PacketHandler;
import com.jarvis.ingress.media.net.PacketSender;
import com.jarvis.ingress.media.net.Transport;
import java.net.InetSocketAddress;

/**
 * Routes each packet of a socket to its transport (media-behaviour.md): STUN by tuple, else by the local ufrag in
 * USERNAME; DTLS and RTP/RTCP by tuple only; anything else, or no match, is dropped and counted.
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
                    t.onStun(data, off, len, tuple, replyTo);
                }
            }
            case DTLS -> {
                WebRtcTransport t = lookup.byTuple(new IceTuple(from, protocol));
                if (t == null) {
                    counters.drop(DropReason.DTLS_UNKNOWN_TUPLE);
                } else {
                    t.onDtls(data, off, len);
                }
            }
            case RTP_RTCP -> {
                WebRtcTransport t = lookup.byTuple(new IceTuple(from, protocol));
                if (t == null) {
                    counters.drop(DropReason.RTP_UNKNOWN_TUPLE);
                } else {
                    t.onRtpRtcp(data, off, len);
                }
            }
            default -> counters.drop(DropReason.UNKNOWN_FIRST_BYTE);
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
