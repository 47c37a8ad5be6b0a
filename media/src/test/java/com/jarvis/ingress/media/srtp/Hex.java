package com.jarvis.ingress.media.srtp;

import java.util.HexFormat;

final class Hex {
    private Hex() {
    }

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s", ""));
    }

    static String string(byte[] b, int off, int len) {
        return HexFormat.of().formatHex(b, off, off + len);
    }
}
