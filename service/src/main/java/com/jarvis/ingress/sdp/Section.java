package com.jarvis.ingress.sdp;

import java.util.List;

/** A part of SDP with attributes (the session part, an m-section): look-ups by name, case-sensitive (RFC 8866). */
public interface Section {
    List<Attribute> attributes();

    /** The value of the first attribute {@code name} ("" for a property attribute), or null when absent. */
    default String attribute(String name) {
        for (Attribute a : attributes()) {
            if (a.name().equals(name)) {
                return a.value() == null ? "" : a.value();
            }
        }
        return null;
    }

    /** The values of every attribute {@code name}, in order. */
    default List<String> attributes(String name) {
        return attributes().stream().filter(a -> a.name().equals(name))
                .map(a -> a.value() == null ? "" : a.value()).toList();
    }

    default boolean has(String name) {
        return attributes().stream().anyMatch(a -> a.name().equals(name));
    }
}
