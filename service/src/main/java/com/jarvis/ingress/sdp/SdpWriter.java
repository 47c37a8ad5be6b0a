package com.jarvis.ingress.sdp;

import java.util.List;

/** Renders SDP text with CRLF line ends (RFC 8866). */
public final class SdpWriter {
    private final StringBuilder out = new StringBuilder(2048);

    public SdpWriter line(char type, String value) {
        out.append(type).append('=').append(value).append("\r\n");
        return this;
    }

    public SdpWriter attribute(String name, String value) {
        return line('a', value == null ? name : name + ":" + value);
    }

    public SdpWriter attribute(String name) {
        return line('a', name);
    }

    public SdpWriter attributes(List<Attribute> attributes) {
        attributes.forEach(a -> line('a', a.text()));
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
