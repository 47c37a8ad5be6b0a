package com.jarvis.ingress.sdp;

/** {@code a=extmap:<id> <uri>} of an offer's audio section. */
public record RtpExtension(int id, String uri) {
}
