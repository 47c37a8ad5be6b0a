package com.jarvis.ingress.media.sctp;

import static com.jarvis.ingress.media.sctp.SctpPacketReader.i32;
import static com.jarvis.ingress.media.sctp.SctpPacketReader.u16;
import static com.jarvis.ingress.media.sctp.SctpPacketReader.u32;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Everything an association needs from the INIT / INIT ACK exchange, carried in the state cookie so that nothing
 * is stored before a valid COOKIE ECHO (RFC 9260 section 5.1.3). Signed with HMAC-SHA256 over the cookie and a
 * per-association nonce, so a cookie is only accepted by the association that issued it.
 */
public record StateCookie(long createdMillis, int localTag, int peerTag, int localInitialTsn, int peerInitialTsn,
                          long peerWindow, int outboundStreams, int inboundStreams, boolean peerForwardTsn,
                          boolean peerReconfig) {

    static final int BODY_LENGTH = 34;
    static final int MAC_LENGTH = 32;
    public static final int LENGTH = BODY_LENGTH + MAC_LENGTH;
    private static final int VERSION = 1;

    /** Signs cookies for one association; not thread-safe. */
    public static final class Signer {
        private final Mac mac;
        private final byte[] nonce;
        private final byte[] out = new byte[MAC_LENGTH];

        public Signer(SctpCookieSecret secret, byte[] associationNonce) {
            try {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.key(), "HmacSHA256"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 unavailable", e);
            }
            nonce = associationNonce.clone();
        }

        public byte[] sign(StateCookie c) {
            byte[] b = new byte[LENGTH];
            ByteBuffer bb = ByteBuffer.wrap(b);
            bb.put((byte) VERSION).putLong(c.createdMillis).putInt(c.localTag).putInt(c.peerTag)
                    .putInt(c.localInitialTsn).putInt(c.peerInitialTsn).putInt((int) c.peerWindow)
                    .putShort((short) c.outboundStreams).putShort((short) c.inboundStreams)
                    .put((byte) ((c.peerForwardTsn ? 1 : 0) | (c.peerReconfig ? 2 : 0)));
            mac(b, 0, BODY_LENGTH);
            System.arraycopy(out, 0, b, BODY_LENGTH, MAC_LENGTH);
            return b;
        }

        /** The cookie if the bytes carry a valid signature, else null (the lifetime is checked by the caller). */
        public StateCookie verify(byte[] b, int off, int len) {
            if (len != LENGTH || b[off] != VERSION) {
                return null;
            }
            mac(b, off, BODY_LENGTH);
            byte[] given = java.util.Arrays.copyOfRange(b, off + BODY_LENGTH, off + LENGTH);
            if (!MessageDigest.isEqual(out, given)) {
                return null;
            }
            long ts = ByteBuffer.wrap(b, off + 1, 8).getLong();
            int flags = b[off + 33];
            return new StateCookie(ts, i32(b, off + 9), i32(b, off + 13), i32(b, off + 17), i32(b, off + 21),
                    u32(b, off + 25), u16(b, off + 29), u16(b, off + 31), (flags & 1) != 0, (flags & 2) != 0);
        }

        private void mac(byte[] b, int off, int len) {
            mac.update(b, off, len);
            mac.update(nonce);
            try {
                mac.doFinal(out, 0);
            } catch (javax.crypto.ShortBufferException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
