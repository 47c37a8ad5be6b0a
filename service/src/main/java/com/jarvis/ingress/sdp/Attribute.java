package com.jarvis.ingress.sdp;

/**
 * An {@code a=} line: {@code a=name:value}, or a property attribute {@code a=name} with a null value.
 */
public record Attribute(String name, String value) {
    public Attribute {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("attribute name is required");
        }
    }

    public static Attribute flag(String name) {
        return new Attribute(name, null);
    }

    public static Attribute of(String name, String value) {
        return new Attribute(name, value);
    }

    /** The line's text after {@code a=}. */
    public String text() {
        return value == null ? name : name + ":" + value;
    }
}
