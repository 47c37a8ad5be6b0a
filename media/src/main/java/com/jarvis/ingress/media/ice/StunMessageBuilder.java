package com.jarvis.ingress.media.ice;

import static com.jarvis.ingress.media.ice.StunConstants.*;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes one STUN message. Attributes are appended in call order; {@link #messageIntegrity} and then
 * {@link #fingerprint} must come last. Zero padding; the header length is kept current after each attribute.
 */
public final class StunMessageBuilder {
    /** Large enough for any message this server builds (a request with a 513-byte USERNAME fits too). */
    private static final int MAX_LENGTH = 1024;

    private final byte[] buf = new byte[MAX_LENGTH];
    private int pos = HEADER_LENGTH;

    private StunMessageBuilder(StunClass cls, int method, byte[] txId, int txOff) {
        reset(cls, method, txId, txOff);
    }

    /**
     * Starts a new message in this builder, reusing its buffer: a thread that answers many requests keeps one
     * builder and reads each message with {@link #array()} and {@link #length()} instead of {@link #build()}.
     */
    public StunMessageBuilder reset(StunClass cls, int method, byte[] txId, int txOff) {
        pos = HEADER_LENGTH;
        int type = (method & 0x000F) | ((method & 0x0070) << 1) | ((method & 0x0F80) << 2)
                | ((cls.bits() & 1) << 4) | ((cls.bits() & 2) << 7);
        writeShort(0, type);
        writeInt(4, MAGIC_COOKIE);
        System.arraycopy(txId, txOff, buf, 8, TRANSACTION_ID_LENGTH);
        updateLength();
        return this;
    }

    /** A message of the given class and method whose transaction id is {@code txId[txOff..txOff+12)}. */
    public static StunMessageBuilder create(StunClass cls, int method, byte[] txId, int txOff) {
        return new StunMessageBuilder(cls, method, txId, txOff);
    }

    /** A response to {@code request} (same method and transaction id). */
    public static StunMessageBuilder responseTo(StunMessage request, StunClass cls) {
        return new StunMessageBuilder(cls, request.method(), request.buffer(), request.offset() + 8);
    }

    public StunMessageBuilder username(String username) {
        byte[] value = username.getBytes(StandardCharsets.UTF_8);
        if (value.length > MAX_USERNAME_LENGTH) {
            throw new IllegalArgumentException("USERNAME longer than 513 bytes");
        }
        return attribute(ATTR_USERNAME, value, 0, value.length);
    }

    public StunMessageBuilder priority(int priority) {
        int v = header(ATTR_PRIORITY, 4);
        writeInt(v, priority);
        return finish(4);
    }

    public StunMessageBuilder useCandidate() {
        header(ATTR_USE_CANDIDATE, 0);
        return finish(0);
    }

    public StunMessageBuilder iceControlling(long tieBreaker) {
        return tieBreaker(ATTR_ICE_CONTROLLING, tieBreaker);
    }

    public StunMessageBuilder iceControlled(long tieBreaker) {
        return tieBreaker(ATTR_ICE_CONTROLLED, tieBreaker);
    }

    private StunMessageBuilder tieBreaker(int type, long tieBreaker) {
        int v = header(type, 8);
        writeInt(v, (int) (tieBreaker >>> 32));
        writeInt(v + 4, (int) tieBreaker);
        return finish(8);
    }

    /** XOR-MAPPED-ADDRESS for an IPv4 or IPv6 address (RFC 8489 section 14.2). */
    public StunMessageBuilder xorMappedAddress(InetSocketAddress address) {
        byte[] ip = address.getAddress().getAddress();
        int len = 4 + ip.length;
        int v = header(ATTR_XOR_MAPPED_ADDRESS, len);
        buf[v] = 0;
        buf[v + 1] = (byte) (ip.length == 4 ? 0x01 : 0x02);
        writeShort(v + 2, address.getPort() ^ (MAGIC_COOKIE >>> 16));
        // XOR key: magic cookie then transaction id, i.e. header bytes 4..20.
        for (int i = 0; i < ip.length; i++) {
            buf[v + 4 + i] = (byte) (ip[i] ^ buf[4 + i]);
        }
        return finish(len);
    }

    /** ERROR-CODE (RFC 8489 section 14.8), e.g. {@code errorCode(401, "Unauthorized")}. */
    public StunMessageBuilder errorCode(int code, String reason) {
        if (code < 300 || code > 699) {
            throw new IllegalArgumentException("error code out of range: " + code);
        }
        byte[] phrase = reason.getBytes(StandardCharsets.UTF_8);
        int len = 4 + phrase.length;
        int v = header(ATTR_ERROR_CODE, len);
        buf[v] = 0;
        buf[v + 1] = 0;
        buf[v + 2] = (byte) (code / 100);
        buf[v + 3] = (byte) (code % 100);
        System.arraycopy(phrase, 0, buf, v + 4, phrase.length);
        return finish(len);
    }

    /** Any attribute given as raw value bytes (e.g. SOFTWARE). */
    public StunMessageBuilder attribute(int type, byte[] value, int off, int len) {
        int v = header(type, len);
        System.arraycopy(value, off, buf, v, len);
        return finish(len);
    }

    /** MESSAGE-INTEGRITY over everything so far, keyed with the short-term credential. */
    public StunMessageBuilder messageIntegrity(StunIntegrity key) {
        int miOff = pos;
        header(ATTR_MESSAGE_INTEGRITY, MESSAGE_INTEGRITY_LENGTH);
        key.compute(buf, 0, miOff, buf, miOff + 4);
        return finish(MESSAGE_INTEGRITY_LENGTH);
    }

    /** FINGERPRINT over everything so far; must be the last attribute. */
    public StunMessageBuilder fingerprint() {
        int fpOff = pos;
        int v = header(ATTR_FINGERPRINT, 4);
        writeInt(v, StunMessage.fingerprint(buf, 0, fpOff));
        return finish(4);
    }

    /** The encoded message. */
    public byte[] build() {
        return Arrays.copyOf(buf, pos);
    }

    /** The builder's own buffer, holding the message in its first {@link #length()} bytes until the next reset. */
    public byte[] array() {
        return buf;
    }

    /** Bytes of the message so far. */
    public int length() {
        return pos;
    }

    private int header(int type, int len) {
        int padded = (len + 3) & ~3;
        if (pos + 4 + padded > MAX_LENGTH) {
            throw new IllegalStateException("STUN message too long");
        }
        writeShort(pos, type);
        writeShort(pos + 2, len);
        // The new attribute counts in the length field before MESSAGE-INTEGRITY/FINGERPRINT are computed.
        pos += 4 + padded;
        updateLength();
        pos -= 4 + padded;
        Arrays.fill(buf, pos + 4 + len, pos + 4 + padded, (byte) 0);
        return pos + 4;
    }

    private StunMessageBuilder finish(int len) {
        pos += 4 + ((len + 3) & ~3);
        return this;
    }

    private void updateLength() {
        writeShort(2, pos - HEADER_LENGTH);
    }

    private void writeShort(int i, int v) {
        buf[i] = (byte) (v >>> 8);
        buf[i + 1] = (byte) v;
    }

    private void writeInt(int i, int v) {
        buf[i] = (byte) (v >>> 24);
        buf[i + 1] = (byte) (v >>> 16);
        buf[i + 2] = (byte) (v >>> 8);
        buf[i + 3] = (byte) v;
    }
}
