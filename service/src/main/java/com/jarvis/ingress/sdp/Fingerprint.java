package com.jarvis.ingress.sdp;

/** {@code a=fingerprint:<algorithm> <value>} as written (the DTLS layer validates and normalises it). */
public record Fingerprint(String algorithm, String value) {
}
