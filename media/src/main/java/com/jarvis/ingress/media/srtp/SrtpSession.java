package com.jarvis.ingress.media.srtp;

/**
 * The SRTP/SRTCP endpoint of one DTLS-SRTP association: unprotects what the peer sends (remote keys) and protects
 * what we send (local keys), in place. Per-SSRC contexts are created lazily, only after a packet authenticates,
 * and their number is bounded. Methods return the new length, or a negative {@link SrtpDropReason} code; bad
 * input never throws. Not thread-safe: one I/O thread owns a session.
 */
public final class SrtpSession {
    /** Default bound on SSRCs per direction: audio, RTX/FEC and RTCP-only sources fit easily. */
    public static final int DEFAULT_MAX_STREAMS = 32;

    private static final int RTP_HEADER = 12;
    private static final int RTCP_HEADER = 8;

    private final SrtpProfile profile;
    private final SrtpTransform inbound;
    private final SrtpTransform outbound;
    private final SrtpStreamTable receiveStreams;
    private final SrtpStreamTable sendStreams;
    private final long[] drops = new long[SrtpDropReason.values().length];
    private long rtpUnprotected;
    private long rtcpUnprotected;

    /** A session with {@link #DEFAULT_MAX_STREAMS} SSRCs per direction. */
    public SrtpSession(SrtpKeyMaterial keys) {
        this(keys, DEFAULT_MAX_STREAMS);
    }

    public SrtpSession(SrtpKeyMaterial keys, int maxStreams) {
        this(keys.profile(),
                SrtpKeyDerivation.sessionKeys(keys.profile(), keys.remoteKey(), keys.remoteSalt()),
                SrtpKeyDerivation.sessionKeys(keys.profile(), keys.localKey(), keys.localSalt()),
                maxStreams);
    }

    /** From already derived session keys: for test vectors that give session keys directly. */
    SrtpSession(SrtpProfile profile, SessionKeys inboundKeys, SessionKeys outboundKeys, int maxStreams) {
        if (maxStreams < 1) {
            throw new IllegalArgumentException("maxStreams must be positive");
        }
        this.profile = profile;
        this.inbound = SrtpTransform.create(profile, inboundKeys);
        this.outbound = SrtpTransform.create(profile, outboundKeys);
        this.receiveStreams = new SrtpStreamTable(maxStreams);
        this.sendStreams = new SrtpStreamTable(maxStreams);
    }

    public SrtpProfile profile() {
        return profile;
    }

    /**
     * Authenticates and decrypts an SRTP packet in place.
     *
     * @return the RTP packet length (tag removed), or a negative {@link SrtpDropReason} code
     */
    public int unprotectRtp(byte[] buf, int off, int len) {
        int tag = inbound.rtpTagLength();
        if (len < RTP_HEADER + tag) {
            return drop(SrtpDropReason.TOO_SHORT);
        }
        if ((buf[off] & 0xc0) != 0x80) {
            return drop(SrtpDropReason.BAD_VERSION);
        }
        int header = rtpHeaderLength(buf, off, len - tag);
        if (header < 0) {
            return drop(SrtpDropReason.TOO_SHORT);
        }
        int ssrc = readInt(buf, off + 8);
        int seq = ((buf[off + 2] & 0xff) << 8) | (buf[off + 3] & 0xff);
        SrtpStreamContext ctx = receiveStreams.find(ssrc);
        long index;
        if (ctx == null) {
            if (receiveStreams.isFull()) {
                return drop(SrtpDropReason.TOO_MANY_STREAMS);
            }
            index = seq; // a new stream starts with ROC 0 (RFC 3711 section 3.3.1)
        } else {
            index = ctx.estimateIndex(seq);
            if (index < 0) {
                return drop(SrtpDropReason.BAD_INDEX);
            }
            if (ctx.rtp.isReplay(index)) {
                return drop(SrtpDropReason.REPLAY);
            }
        }
        int n = inbound.unprotectRtp(buf, off, len, header, ssrc, index);
        if (n < 0) {
            return drop(SrtpDropReason.fromCode(n));
        }
        if (ctx == null) {
            ctx = new SrtpStreamContext(ssrc);
            receiveStreams.add(ctx);
        }
        ctx.rtp.accept(index);
        rtpUnprotected++;
        return n;
    }

    /**
     * Authenticates and (when the E bit is set) decrypts an SRTCP compound packet in place.
     *
     * @return the RTCP length (index and tag removed), or a negative {@link SrtpDropReason} code
     */
    public int unprotectRtcp(byte[] buf, int off, int len) {
        if (len < RTCP_HEADER + inbound.rtcpOverhead()) {
            return drop(SrtpDropReason.TOO_SHORT);
        }
        if ((buf[off] & 0xc0) != 0x80) {
            return drop(SrtpDropReason.BAD_VERSION);
        }
        int ssrc = readInt(buf, off + 4);
        int eIndex = readInt(buf, inbound.srtcpIndexOffset(off, len));
        int index = eIndex & 0x7fffffff;
        SrtpStreamContext ctx = receiveStreams.find(ssrc);
        if (ctx == null) {
            if (receiveStreams.isFull()) {
                return drop(SrtpDropReason.TOO_MANY_STREAMS);
            }
        } else if (ctx.rtcp.isReplay(index)) {
            return drop(SrtpDropReason.REPLAY);
        }
        int n = inbound.unprotectRtcp(buf, off, len, ssrc, eIndex);
        if (n < 0) {
            return drop(SrtpDropReason.fromCode(n));
        }
        if (ctx == null) {
            ctx = new SrtpStreamContext(ssrc);
            receiveStreams.add(ctx);
        }
        ctx.rtcp.accept(index);
        rtcpUnprotected++;
        return n;
    }

    /**
     * Encrypts an RTP packet in place and appends the tag; {@code buf} needs {@code profile().rtpTagLength()}
     * spare bytes after the packet. For tests and tools: the ingress only receives RTP.
     *
     * @return the SRTP length, or a negative {@link SrtpDropReason} code
     */
    public int protectRtp(byte[] buf, int off, int len) {
        if (len < RTP_HEADER) {
            return SrtpDropReason.TOO_SHORT.code();
        }
        if ((buf[off] & 0xc0) != 0x80) {
            return SrtpDropReason.BAD_VERSION.code();
        }
        int header = rtpHeaderLength(buf, off, len);
        if (header < 0) {
            return SrtpDropReason.TOO_SHORT.code();
        }
        if (buf.length - off < len + outbound.rtpTagLength()) {
            return SrtpDropReason.BUFFER_TOO_SMALL.code();
        }
        int ssrc = readInt(buf, off + 8);
        SrtpStreamContext ctx = sendContext(ssrc);
        if (ctx == null) {
            return SrtpDropReason.TOO_MANY_STREAMS.code();
        }
        long index = ctx.estimateIndex(((buf[off + 2] & 0xff) << 8) | (buf[off + 3] & 0xff));
        if (index < 0) {
            return SrtpDropReason.BAD_INDEX.code();
        }
        int n = outbound.protectRtp(buf, off, len, header, ssrc, index);
        if (n > 0) {
            ctx.rtp.accept(index);
        }
        return n;
    }

    /**
     * Encrypts an RTCP compound packet in place, appending the E|SRTCP index word and the tag; {@code buf} needs
     * {@link #rtcpOverhead()} spare bytes after the packet.
     *
     * @return the SRTCP length, or a negative {@link SrtpDropReason} code
     */
    public int protectRtcp(byte[] buf, int off, int len) {
        if (len < RTCP_HEADER) {
            return SrtpDropReason.TOO_SHORT.code();
        }
        if ((buf[off] & 0xc0) != 0x80) {
            return SrtpDropReason.BAD_VERSION.code();
        }
        if (buf.length - off < len + outbound.rtcpOverhead()) {
            return SrtpDropReason.BUFFER_TOO_SMALL.code();
        }
        SrtpStreamContext ctx = sendContext(readInt(buf, off + 4));
        if (ctx == null) {
            return SrtpDropReason.TOO_MANY_STREAMS.code();
        }
        int index = ctx.nextSrtcpIndex;
        ctx.nextSrtcpIndex = (index + 1) & 0x7fffffff;
        return outbound.protectRtcp(buf, off, len, ctx.ssrc, index);
    }

    /** Bytes {@link #protectRtcp} appends. */
    public int rtcpOverhead() {
        return outbound.rtcpOverhead();
    }

    /** Forgets the receive state of one SSRC (its ROC and replay windows), e.g. when its producer closes. */
    public boolean removeReceiveStream(int ssrc) {
        return receiveStreams.remove(ssrc);
    }

    /** Number of SSRCs with receive state. */
    public int receiveStreamCount() {
        return receiveStreams.size();
    }

    /** Packets dropped on receive for {@code reason} (RTP and RTCP together). */
    public long droppedCount(SrtpDropReason reason) {
        return drops[reason.ordinal()];
    }

    /** SRTP packets unprotected successfully. */
    public long unprotectedRtpCount() {
        return rtpUnprotected;
    }

    /** SRTCP packets unprotected successfully. */
    public long unprotectedRtcpCount() {
        return rtcpUnprotected;
    }

    private SrtpStreamContext sendContext(int ssrc) {
        SrtpStreamContext ctx = sendStreams.find(ssrc);
        if (ctx == null && !sendStreams.isFull()) {
            ctx = new SrtpStreamContext(ssrc);
            sendStreams.add(ctx);
        }
        return ctx;
    }

    private int drop(SrtpDropReason reason) {
        drops[reason.ordinal()]++;
        return reason.code();
    }

    /** Fixed header + CSRCs + header extension, or -1 when that runs past {@code limit} bytes. */
    static int rtpHeaderLength(byte[] buf, int off, int limit) {
        int len = RTP_HEADER + 4 * (buf[off] & 0x0f);
        if ((buf[off] & 0x10) != 0) {
            if (len + 4 > limit) {
                return -1;
            }
            len += 4 + 4 * (((buf[off + len + 2] & 0xff) << 8) | (buf[off + len + 3] & 0xff));
        }
        return len <= limit ? len : -1;
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }
}
