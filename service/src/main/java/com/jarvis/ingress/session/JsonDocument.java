package com.jarvis.ingress.session;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A client's free-form JSON object (session metadata, contextData) as text: the service stores it as given and
 * only bounds its size. Made from a parsed object by the protocol edges, so it is always one JSON object.
 */
public record JsonDocument(String text) {
    public static final JsonDocument EMPTY = new JsonDocument("{}");

    public JsonDocument {
        Objects.requireNonNull(text, "text");
    }

    /** The object serialised with the application's mapper; anything but an object is a programming error. */
    public static JsonDocument of(ObjectMapper json, JsonNode object) {
        if (object == null || !object.isObject()) {
            throw new IllegalArgumentException("a JSON document is an object");
        }
        return new JsonDocument(json.writeValueAsString(object));
    }

    public int utf8Length() {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
