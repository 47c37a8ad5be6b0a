package com.jarvis.ingress.web;

import com.jarvis.ingress.error.ServiceException;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What every JSON document we accept must satisfy, whatever the field, for REST bodies and gRPC Structs alike:
 * nesting at most {@link #MAX_DEPTH} levels, finite numbers only ({@code 1e400} overflows to Infinity, which
 * JSON cannot store back), and well-formed Unicode (a lone surrogate would be stored as {@code ?} and collide with
 * other text). Refused with 400 {@code validation_error} naming the offending field; nothing is changed silently.
 */
public final class JsonTreeRules {
    /** Far deeper than any real configuration or context; shallow enough for every recursive walk. */
    public static final int MAX_DEPTH = 64;

    private JsonTreeRules() {
    }

    /** Checks a whole request body; field paths are named from its root, e.g. {@code contextData.x}. */
    public static void check(JsonNode body) {
        check(body, "", 1);
    }

    /** Checks a document found at {@code path} (e.g. a gRPC request's {@code context_data}). */
    public static void check(JsonNode node, String path) {
        check(node, path, 1);
    }

    /**
     * Checks the value of a body's top-level {@code field} on its own (e.g. a gRPC request's metadata Struct),
     * with the same paths and depth as when the whole body is checked.
     */
    public static void checkField(JsonNode value, String field) {
        check(value, field, 2);
    }

    private static void check(JsonNode node, String path, int depth) {
        if (node == null) {
            return;
        }
        if ((node.isObject() || node.isArray()) && depth > MAX_DEPTH) {
            throw ServiceException.invalid(name(path), "nests deeper than " + MAX_DEPTH + " levels");
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (!wellFormed(e.getKey())) {
                    throw ServiceException.invalid(name(path), "has a key that is not valid Unicode");
                }
                check(e.getValue(), child, depth + 1);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), path + "[" + i + "]", depth + 1);
            }
        } else if (node.isNumber()) {
            if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
                throw ServiceException.invalid(name(path), "must be a finite number");
            }
        } else if (node.isString() && !wellFormed(node.stringValue())) {
            throw ServiceException.invalid(name(path), "must be valid Unicode (no lone surrogates)");
        }
    }

    private static String name(String path) {
        return path.isEmpty() ? "body" : path;
    }

    /** True when every surrogate is half of a pair, i.e. the text has a UTF-8 encoding. */
    public static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
