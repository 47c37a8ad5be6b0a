package com.jarvis.ingress.media.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A certificate fingerprint as WebRTC signals it ({@code algorithm: "sha-256", value: "AB:CD:..."}, RFC 8122):
 * validated on construction, normalised to lower-case algorithm and upper-case hex.
 */
public record DtlsFingerprint(String algorithm, String value) {

    public DtlsFingerprint {
        if (algorithm == null || value == null) {
            throw new IllegalArgumentException("fingerprint algorithm and value are required");
        }
        algorithm = algorithm.trim().toLowerCase(Locale.ROOT);
        int digestLength = digestLength(algorithm);
        if (digestLength < 0) {
            throw new IllegalArgumentException("unsupported fingerprint algorithm '" + algorithm
                    + "': expected sha-1, sha-224, sha-256, sha-384 or sha-512");
        }
        value = value.trim().toUpperCase(Locale.ROOT);
        if (!isHexPairs(value, digestLength)) {
            throw new IllegalArgumentException("invalid " + algorithm + " fingerprint value: expected "
                    + digestLength + " colon-separated hex pairs like 'AB:CD:...'");
        }
    }

    /** Same as the constructor; reads better at call sites that parse signalling input. */
    public static DtlsFingerprint parse(String algorithm, String value) {
        return new DtlsFingerprint(algorithm, value);
    }

    /** The fingerprint of a DER-encoded certificate with the given algorithm (e.g. {@code sha-256}). */
    public static DtlsFingerprint of(String algorithm, byte[] certificateDer) {
        String normalized = algorithm == null ? "" : algorithm.trim().toLowerCase(Locale.ROOT);
        if (digestLength(normalized) < 0) {
            throw new IllegalArgumentException("unsupported fingerprint algorithm '" + algorithm + "'");
        }
        return new DtlsFingerprint(normalized, format(digest(normalized, certificateDer)));
    }

    /** Whether the DER certificate hashes to this fingerprint; the comparison is constant-time. */
    public boolean matches(byte[] certificateDer) {
        if (certificateDer == null) {
            return false;
        }
        return MessageDigest.isEqual(digest(algorithm, certificateDer), bytes());
    }

    /** The raw digest bytes. */
    public byte[] bytes() {
        return HexFormat.ofDelimiter(":").parseHex(value);
    }

    /** Digest length in bytes; larger means stronger among the supported SHA family. */
    public int digestLength() {
        return digestLength(algorithm);
    }

    static int digestLength(String algorithm) {
        return switch (algorithm) {
            case "sha-1" -> 20;
            case "sha-224" -> 28;
            case "sha-256" -> 32;
            case "sha-384" -> 48;
            case "sha-512" -> 64;
            default -> -1;
        };
    }

    private static boolean isHexPairs(String value, int pairs) {
        if (value.length() != pairs * 3 - 1) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (i % 3 == 2) ? c == ':' : (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            // JCA names: "SHA-256" etc.
            return MessageDigest.getInstance(algorithm.toUpperCase(Locale.ROOT)).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + algorithm, e);
        }
    }

    private static String format(byte[] digest) {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    }
}
