package com.jarvis.ingress.whip;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Offers captured from the real clients (e2e/run-whip.mjs and e2e/whip-gst.py with --print-offer). */
public final class SdpSamples {
    private SdpSamples() {
    }

    /** Chromium's RTCPeerConnection: sendonly Opus audio and a data channel, max-bundle, LF or CRLF as captured. */
    public static String chromium() {
        return crlf(read("/sdp/chromium-offer.sdp"));
    }

    /** GStreamer 1.22 webrtcbin: sendonly Opus (PT 111), bundle-policy=max-bundle, no header extensions. */
    public static String gstreamer() {
        return crlf(read("/sdp/gstreamer-offer.sdp"));
    }

    private static String crlf(String s) {
        return s.replace("\r\n", "\n").replace("\n", "\r\n");
    }

    private static String read(String resource) {
        try (InputStream in = SdpSamples.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
