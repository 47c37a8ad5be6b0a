package com.jarvis.ingress.media.sctp;

import java.util.zip.CRC32C;

/**
 * The CRC32c packet checksum (RFC 9260 appendix A). The checksum field is zero while computing; the result goes
 * on the wire least significant byte first, which is what the RFC's reflected-table algorithm produces.
 */
public final class SctpChecksum {
    private final CRC32C crc = new CRC32C();

    /** Computes the checksum of a packet whose checksum field (bytes 8..11) is ignored (treated as zero). */
    public int compute(byte[] buf, int off, int len) {
        crc.reset();
        crc.update(buf, off, 8);
        crc.update(ZEROS, 0, 4);
        crc.update(buf, off + 12, len - 12);
        return (int) crc.getValue();
    }

    /** Writes the checksum of the packet into bytes 8..11. */
    public void write(byte[] buf, int off, int len) {
        int c = compute(buf, off, len);
        buf[off + 8] = (byte) c;
        buf[off + 9] = (byte) (c >>> 8);
        buf[off + 10] = (byte) (c >>> 16);
        buf[off + 11] = (byte) (c >>> 24);
    }

    /** True when the stored checksum matches; {@code len} must be at least 12. */
    public boolean verify(byte[] buf, int off, int len) {
        int stored = (buf[off + 8] & 0xff) | (buf[off + 9] & 0xff) << 8 | (buf[off + 10] & 0xff) << 16
                | (buf[off + 11] & 0xff) << 24;
        return stored == compute(buf, off, len);
    }

    private static final byte[] ZEROS = new byte[4];
}
