package com.jarvis.ingress.media.rtp;

/**
 * A parsed RTP packet (RFC 3550 section 5.1) that points into the caller's buffer rather than copying it: header
 * fields plus the offsets of the header extension block and of the payload (padding removed). The buffer must not
 * change while the packet is in use.
 *
 * @param extensionProfile the 16-bit "defined by profile" value (0xBEDE, 0x100X), or -1 without an extension
 * @param extensionOffset  absolute offset of the extension data (after its 4-byte header), or -1
 * @param extensionLength  bytes of extension data
 */
public record RtpPacket(byte[] buffer, int offset, int length, boolean marker, int payloadType, int sequenceNumber,
                        long timestamp, long ssrc, int csrcCount, int extensionProfile, int extensionOffset,
                        int extensionLength, int payloadOffset, int payloadLength, int paddingLength) {

    /** RFC 8285 section 4.2 one-byte header form. */
    public static final int ONE_BYTE_PROFILE = 0xBEDE;
    private static final int TWO_BYTE_PROFILE_MASK = 0xFFF0;
    private static final int TWO_BYTE_PROFILE = 0x1000;

    /** Parses {@code buf[off, off+len)}; returns null for anything that is not a well-formed RTP packet. */
    public static RtpPacket parse(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < 12 || off > buf.length - len) {
            return null;
        }
        int b0 = buf[off] & 0xff;
        if ((b0 >>> 6) != 2) {
            return null;
        }
        int cc = b0 & 0x0f;
        int pos = 12 + 4 * cc;
        if (pos > len) {
            return null;
        }
        int extProfile = -1;
        int extOffset = -1;
        int extLength = 0;
        if ((b0 & 0x10) != 0) {
            if (pos + 4 > len) {
                return null;
            }
            extProfile = u16(buf, off + pos);
            extLength = 4 * u16(buf, off + pos + 2);
            extOffset = off + pos + 4;
            pos += 4 + extLength;
            if (pos > len) {
                return null;
            }
        }
        int padding = 0;
        if ((b0 & 0x20) != 0) {
            padding = buf[off + len - 1] & 0xff;
            if (padding == 0 || pos + padding > len) {
                return null;
            }
        }
        int b1 = buf[off + 1] & 0xff;
        return new RtpPacket(buf, off, len, (b1 & 0x80) != 0, b1 & 0x7f, u16(buf, off + 2), u32(buf, off + 4),
                u32(buf, off + 8), cc, extProfile, extOffset, extLength, off + pos, len - pos - padding, padding);
    }

    /** The i-th contributing source. */
    public long csrc(int i) {
        if (i < 0 || i >= csrcCount) {
            throw new IndexOutOfBoundsException(i);
        }
        return u32(buffer, offset + 12 + 4 * i);
    }

    public boolean hasPadding() {
        return paddingLength > 0;
    }

    public boolean hasExtension() {
        return extensionProfile >= 0;
    }

    /** True for the RFC 8285 forms (one-byte 0xBEDE or two-byte 0x100X), whose elements can be looked up by id. */
    public boolean hasRfc8285Extensions() {
        return extensionProfile == ONE_BYTE_PROFILE || (extensionProfile & TWO_BYTE_PROFILE_MASK) == TWO_BYTE_PROFILE;
    }

    /** The header extension element with local id {@code id}, or null. Allocates; see {@link #mid} for less. */
    public HeaderExtension extension(int id) {
        long at = locate(id);
        return at < 0 ? null : new HeaderExtension(id, (int) (at >>> 16), (int) (at & 0xffff));
    }

    /** The value of the {@code urn:ietf:params:rtp-hdrext:sdes:mid} element with this id, or null. */
    public String mid(int id) {
        long at = locate(id);
        return at < 0 ? null : HeaderExtensions.parseMid(buffer, (int) (at >>> 16), (int) (at & 0xffff));
    }

    /**
     * The raw {@code ssrc-audio-level} byte (V bit and level in -dBov, RFC 6464) of the element with this id, or -1.
     * Decode it with {@link AudioLevel#fromRaw}; no allocation.
     */
    public int audioLevel(int id) {
        long at = locate(id);
        return at < 0 ? -1 : HeaderExtensions.parseAudioLevel(buffer, (int) (at >>> 16), (int) (at & 0xffff));
    }

    /**
     * Finds element {@code id}: returns (absolute data offset << 16 | data length), or -1. Malformed element lists
     * end the search rather than fail.
     */
    private long locate(int id) {
        if (extensionProfile < 0 || id <= 0) {
            return -1;
        }
        int pos = extensionOffset;
        int end = extensionOffset + extensionLength;
        if (extensionProfile == ONE_BYTE_PROFILE) {
            if (id > 14) {
                return -1;
            }
            while (pos < end) {
                int b = buffer[pos] & 0xff;
                int elementId = b >>> 4;
                if (elementId == 0) { // padding byte
                    pos++;
                    continue;
                }
                if (elementId == 15) { // reserved: stop processing (RFC 8285 section 4.2)
                    return -1;
                }
                int dataLen = (b & 0x0f) + 1;
                if (pos + 1 + dataLen > end) {
                    return -1;
                }
                if (elementId == id) {
                    return ((long) (pos + 1) << 16) | dataLen;
                }
                pos += 1 + dataLen;
            }
        } else if ((extensionProfile & TWO_BYTE_PROFILE_MASK) == TWO_BYTE_PROFILE) {
            if (id > 255) {
                return -1;
            }
            while (pos < end) {
                int elementId = buffer[pos] & 0xff;
                if (elementId == 0) {
                    pos++;
                    continue;
                }
                if (pos + 2 > end) {
                    return -1;
                }
                int dataLen = buffer[pos + 1] & 0xff;
                if (pos + 2 + dataLen > end) {
                    return -1;
                }
                if (elementId == id) {
                    return ((long) (pos + 2) << 16) | dataLen;
                }
                pos += 2 + dataLen;
            }
        }
        return -1;
    }

    static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    static long u32(byte[] b, int at) {
        return ((long) (b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8)
                | (b[at + 3] & 0xff);
    }

    @Override
    public String toString() {
        return "RtpPacket[pt=" + payloadType + ", seq=" + sequenceNumber + ", ts=" + timestamp + ", ssrc=" + ssrc
                + ", payload=" + payloadLength + "]";
    }
}
