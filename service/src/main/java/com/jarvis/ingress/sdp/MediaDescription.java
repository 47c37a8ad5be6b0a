package com.jarvis.ingress.sdp;

import java.util.List;

/**
 * One m-section: {@code m=<media> <port> <proto> <fmt> ...}, its {@code c=} address (or null) and its attributes
 * in order.
 */
public record MediaDescription(String media, int port, String proto, List<String> formats, String connection,
        List<Attribute> attributes) implements Section {
    public MediaDescription {
        formats = List.copyOf(formats);
        attributes = List.copyOf(attributes);
    }

    /** {@code a=mid}, or null. */
    public String mid() {
        return attribute("mid");
    }
}
