package com.jarvis.ingress.media.sctp;

import static com.jarvis.ingress.media.sctp.SctpPacketReader.i32;
import static com.jarvis.ingress.media.sctp.SctpPacketReader.u16;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Data Channel Establishment Protocol messages (RFC 8832 section 5), carried with PPID 50. */
public final class DcepMessage {
    public static final int TYPE_ACK = 0x02;
    public static final int TYPE_OPEN = 0x03;
    private static final byte[] ACK = {TYPE_ACK};

    /** DATA_CHANNEL_OPEN. {@code reliability} is the retransmit count or lifetime in ms, by channel type. */
    public record Open(DataChannelType channelType, int priority, long reliability, String label,
                       String protocol) {

        public byte[] encode() {
            byte[] l = label.getBytes(StandardCharsets.UTF_8);
            byte[] p = protocol.getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(12 + l.length + p.length).put((byte) TYPE_OPEN)
                    .put((byte) channelType.code()).putShort((short) priority).putInt((int) reliability)
                    .putShort((short) l.length).putShort((short) p.length).put(l).put(p).array();
        }

        /** The channel this OPEN describes, on the given stream. */
        public DataChannel toChannel(int streamId) {
            boolean rexmit = channelType == DataChannelType.PARTIAL_RELIABLE_REXMIT
                    || channelType == DataChannelType.PARTIAL_RELIABLE_REXMIT_UNORDERED;
            boolean timed = channelType == DataChannelType.PARTIAL_RELIABLE_TIMED
                    || channelType == DataChannelType.PARTIAL_RELIABLE_TIMED_UNORDERED;
            return new DataChannel(streamId, label, protocol, channelType.ordered(),
                    rexmit ? (int) Math.min(reliability, Integer.MAX_VALUE) : -1, timed ? reliability : -1,
                    priority, false);
        }

        public static Open of(DataChannel ch) {
            long rel = ch.maxRetransmits() >= 0 ? ch.maxRetransmits() : Math.max(0, ch.maxPacketLifeTime());
            return new Open(ch.type(), ch.priority(), rel, ch.label(), ch.protocol());
        }
    }

    private DcepMessage() {
    }

    public static byte[] ack() {
        return ACK.clone();
    }

    /** Decodes a DATA_CHANNEL_OPEN; null when malformed or not an OPEN. */
    public static Open decodeOpen(byte[] b) {
        if (b.length < 12 || (b[0] & 0xff) != TYPE_OPEN) {
            return null;
        }
        DataChannelType type = DataChannelType.fromCode(b[1] & 0xff);
        int labelLen = u16(b, 8);
        int protoLen = u16(b, 10);
        if (type == null || 12 + labelLen + protoLen != b.length) {
            return null;
        }
        String label = new String(b, 12, labelLen, StandardCharsets.UTF_8);
        String protocol = new String(b, 12 + labelLen, protoLen, StandardCharsets.UTF_8);
        return new Open(type, u16(b, 2), i32(b, 4) & 0xffffffffL, label, protocol);
    }
}
