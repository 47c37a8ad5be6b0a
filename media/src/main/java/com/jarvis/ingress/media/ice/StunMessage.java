package com.jarvis.ingress.media.ice;

import static com.jarvis.ingress.media.ice.StunConstants.*;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * A parsed STUN message: a read-only view over the caller's buffer that records where the attributes ICE needs
 * are. It does not copy the packet, so it is valid only while the caller leaves that buffer unchanged.
 * {@link #parse} never throws on bad input; it returns {@code null}.
 */
public final class StunMessage {
    private final byte[] buf;
    private final int off;
    private final int length;
    private final StunClass stunClass;
    private final int method;

    private final int usernameOff;
    private final int usernameLen;
    private final boolean hasPriority;
    private final int priority;
    private final boolean useCandidate;
    private final boolean hasIceControlled;
    private final boolean hasIceControlling;
    private final long tieBreaker;
    private final int integrityOff;
    private final int fingerprintOff;
    private final int xorMappedOff;
    private final int xorMappedLen;
    private final int errorCodeOff;
    private final int errorCodeLen;

    private StunMessage(byte[] buf, int off, int length, StunClass stunClass, int method, Attrs a) {
        this.buf = buf;
        this.off = off;
        this.length = length;
        this.stunClass = stunClass;
        this.method = method;
        this.usernameOff = a.usernameOff;
        this.usernameLen = a.usernameLen;
        this.hasPriority = a.hasPriority;
        this.priority = a.priority;
        this.useCandidate = a.useCandidate;
        this.hasIceControlled = a.hasIceControlled;
        this.hasIceControlling = a.hasIceControlling;
        this.tieBreaker = a.tieBreaker;
        this.integrityOff = a.integrityOff;
        this.fingerprintOff = a.fingerprintOff;
        this.xorMappedOff = a.xorMappedOff;
        this.xorMappedLen = a.xorMappedLen;
        this.errorCodeOff = a.errorCodeOff;
        this.errorCodeLen = a.errorCodeLen;
    }

    /** Mutable scratch used only while parsing, so the message itself can be immutable. */
    private static final class Attrs {
        int usernameOff = -1;
        int usernameLen;
        boolean hasPriority;
        int priority;
        boolean useCandidate;
        boolean hasIceControlled;
        boolean hasIceControlling;
        long tieBreaker;
        int integrityOff = -1;
        int fingerprintOff = -1;
        int xorMappedOff = -1;
        int xorMappedLen;
        int errorCodeOff = -1;
        int errorCodeLen;
    }

    /**
     * Cheap test whether {@code len} bytes at {@code off} look like a STUN message (RFC 8489 section 6:
     * top two bits zero, magic cookie, length a multiple of four that matches the packet).
     */
    public static boolean looksLikeStun(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < HEADER_LENGTH || len > buf.length - off) {
            return false;
        }
        if ((buf[off] & 0xC0) != 0 || readInt(buf, off + 4) != MAGIC_COOKIE) {
            return false;
        }
        int msgLen = readShort(buf, off + 2);
        return (msgLen & 3) == 0 && msgLen + HEADER_LENGTH == len;
    }

    /** Parses a whole STUN message, or returns {@code null} if it is malformed. */
    public static StunMessage parse(byte[] buf, int off, int len) {
        if (!looksLikeStun(buf, off, len)) {
            return null;
        }
        int type = readShort(buf, off);
        StunClass cls = StunClass.ofBits(((type >> 7) & 2) | ((type >> 4) & 1));
        int method = (type & 0x000F) | ((type & 0x00E0) >> 1) | ((type & 0x3E00) >> 2);

        Attrs a = new Attrs();
        int end = off + len;
        int p = off + HEADER_LENGTH;
        while (p < end) {
            if (end - p < 4) {
                return null;
            }
            int attrType = readShort(buf, p);
            int attrLen = readShort(buf, p + 2);
            int valueOff = p + 4;
            int padded = (attrLen + 3) & ~3;
            if (padded > end - valueOff) {
                return null;
            }
            if (a.fingerprintOff >= 0) {
                return null; // FINGERPRINT must be the last attribute
            }
            // After MESSAGE-INTEGRITY only FINGERPRINT counts (RFC 8489 section 14.5); others are ignored.
            boolean afterIntegrity = a.integrityOff >= 0;
            if (attrType == ATTR_FINGERPRINT) {
                if (attrLen != 4) {
                    return null;
                }
                a.fingerprintOff = p;
            } else if (!afterIntegrity && !readAttribute(a, buf, p, attrType, attrLen)) {
                return null;
            }
            p = valueOff + padded;
        }
        return new StunMessage(buf, off, len, cls, method, a);
    }

    /** Records one attribute; false if its value is malformed. Repeated attributes: the first one wins. */
    private static boolean readAttribute(Attrs a, byte[] buf, int p, int type, int len) {
        int v = p + 4;
        switch (type) {
            case ATTR_USERNAME:
                if (len == 0 || len > MAX_USERNAME_LENGTH) {
                    return false;
                }
                if (a.usernameOff < 0) {
                    a.usernameOff = v;
                    a.usernameLen = len;
                }
                return true;
            case ATTR_PRIORITY:
                if (len != 4) {
                    return false;
                }
                if (!a.hasPriority) {
                    a.hasPriority = true;
                    a.priority = readInt(buf, v);
                }
                return true;
            case ATTR_USE_CANDIDATE:
                if (len != 0) {
                    return false;
                }
                a.useCandidate = true;
                return true;
            case ATTR_ICE_CONTROLLED:
            case ATTR_ICE_CONTROLLING:
                if (len != 8) {
                    return false;
                }
                if (!a.hasIceControlled && !a.hasIceControlling) {
                    a.tieBreaker = ((long) readInt(buf, v) << 32) | (readInt(buf, v + 4) & 0xFFFFFFFFL);
                }
                if (type == ATTR_ICE_CONTROLLED) {
                    a.hasIceControlled = true;
                } else {
                    a.hasIceControlling = true;
                }
                return true;
            case ATTR_MESSAGE_INTEGRITY:
                if (len != MESSAGE_INTEGRITY_LENGTH) {
                    return false;
                }
                a.integrityOff = p;
                return true;
            case ATTR_XOR_MAPPED_ADDRESS:
                if (len != 8 && len != 20) {
                    return false;
                }
                if (a.xorMappedOff < 0) {
                    a.xorMappedOff = v;
                    a.xorMappedLen = len;
                }
                return true;
            case ATTR_ERROR_CODE:
                if (len < 4) {
                    return false;
                }
                if (a.errorCodeOff < 0) {
                    a.errorCodeOff = v;
                    a.errorCodeLen = len;
                }
                return true;
            default:
                return true; // unknown or uninteresting attribute: skipped
        }
    }

    public StunClass stunClass() {
        return stunClass;
    }

    /** The 12-bit STUN method, e.g. {@link StunConstants#METHOD_BINDING}. */
    public int method() {
        return method;
    }

    public boolean isBindingRequest() {
        return stunClass == StunClass.REQUEST && method == METHOD_BINDING;
    }

    /** A copy of the 96-bit transaction id. */
    public byte[] transactionId() {
        byte[] id = new byte[TRANSACTION_ID_LENGTH];
        System.arraycopy(buf, off + 8, id, 0, TRANSACTION_ID_LENGTH);
        return id;
    }

    /** The underlying buffer, and where the message starts in it and how long it is. */
    public byte[] buffer() {
        return buf;
    }

    public int offset() {
        return off;
    }

    public int length() {
        return length;
    }

    public boolean hasUsername() {
        return usernameOff >= 0;
    }

    /** USERNAME as a string, or {@code null}. Allocates; the ICE path uses {@link #usernameStartsWith}. */
    public String username() {
        return usernameOff < 0 ? null : new String(buf, usernameOff, usernameLen, StandardCharsets.UTF_8);
    }

    /** Whether USERNAME begins with the given bytes followed by ':' (the local-ufrag check of ICE). */
    public boolean usernameHasLocalUfrag(byte[] ufrag) {
        if (usernameOff < 0 || usernameLen <= ufrag.length || buf[usernameOff + ufrag.length] != ':') {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < ufrag.length; i++) {
            diff |= buf[usernameOff + i] ^ ufrag[i];
        }
        return diff == 0;
    }

    public boolean hasPriority() {
        return hasPriority;
    }

    /** PRIORITY as an unsigned 32-bit value held in an int. */
    public int priority() {
        return priority;
    }

    public boolean hasUseCandidate() {
        return useCandidate;
    }

    public boolean hasIceControlled() {
        return hasIceControlled;
    }

    public boolean hasIceControlling() {
        return hasIceControlling;
    }

    /** The tie-breaker of ICE-CONTROLLED/ICE-CONTROLLING (0 if neither is present). */
    public long tieBreaker() {
        return tieBreaker;
    }

    public boolean hasMessageIntegrity() {
        return integrityOff >= 0;
    }

    public boolean hasFingerprint() {
        return fingerprintOff >= 0;
    }

    /** Verifies FINGERPRINT in place (CRC-32 of the message before it, XOR 0x5354554e). False if absent. */
    public boolean verifyFingerprint() {
        if (fingerprintOff < 0) {
            return false;
        }
        return readInt(buf, fingerprintOff + 4) == fingerprint(buf, off, fingerprintOff);
    }

    /** Verifies MESSAGE-INTEGRITY in place with the given short-term key, in constant time. False if absent. */
    public boolean verifyIntegrity(StunIntegrity key) {
        return integrityOff >= 0 && key.verify(buf, off, integrityOff);
    }

    /** XOR-MAPPED-ADDRESS decoded, or {@code null} if absent or of an unknown family. */
    public InetSocketAddress xorMappedAddress() {
        if (xorMappedOff < 0) {
            return null;
        }
        int family = buf[xorMappedOff + 1] & 0xFF;
        int port = readShort(buf, xorMappedOff + 2) ^ (MAGIC_COOKIE >>> 16);
        byte[] addr;
        if (family == 0x01 && xorMappedLen == 8) {
            addr = new byte[4];
        } else if (family == 0x02 && xorMappedLen == 20) {
            addr = new byte[16];
        } else {
            return null;
        }
        // The key is the magic cookie followed by the transaction id: exactly header bytes 4..20.
        for (int i = 0; i < addr.length; i++) {
            addr[i] = (byte) (buf[xorMappedOff + 4 + i] ^ buf[off + 4 + i]);
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(addr), port);
        } catch (UnknownHostException e) {
            return null; // unreachable: the length is 4 or 16
        }
    }

    /** ERROR-CODE as class * 100 + number, or -1 if absent. */
    public int errorCode() {
        if (errorCodeOff < 0) {
            return -1;
        }
        return (buf[errorCodeOff + 2] & 0x07) * 100 + (buf[errorCodeOff + 3] & 0xFF);
    }

    /** The ERROR-CODE reason phrase, or {@code null} if absent. */
    public String errorReason() {
        if (errorCodeOff < 0) {
            return null;
        }
        return new String(buf, errorCodeOff + 4, errorCodeLen - 4, StandardCharsets.UTF_8);
    }

    /** CRC-32 FINGERPRINT value of a message whose FINGERPRINT attribute starts at {@code fpOff}. */
    static int fingerprint(byte[] buf, int off, int fpOff) {
        CRC32 crc = new CRC32();
        crc.update(buf, off, 2);
        // The length field must cover the FINGERPRINT attribute itself (RFC 8489 section 14.7).
        int adjusted = fpOff + 8 - off - HEADER_LENGTH;
        crc.update(adjusted >>> 8);
        crc.update(adjusted);
        crc.update(buf, off + 4, fpOff - off - 4);
        return (int) crc.getValue() ^ FINGERPRINT_XOR;
    }

    static int readShort(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    static int readInt(byte[] b, int i) {
        return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }
}
