package com.jarvis.ingress.web;

import com.jarvis.ingress.error.ServiceException;
import tools.jackson.databind.JsonNode;

/**
 * Typed reads from a request's JSON tree that name the offending field on failure, e.g.
 * {@code audioConfig.sampleRate: must be one of 8000, 16000, 24000, 48000}. No coercion: "16000" is not 16000.
 */
public final class JsonInput {
    private JsonInput() {
    }

    /** The body itself must be a JSON object. */
    public static JsonNode object(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw new ServiceException(ServiceException.Kind.INVALID, "invalid_json", "Request body is required");
        }
        if (!body.isObject()) {
            throw ServiceException.invalid("body", "must be a JSON object");
        }
        return body;
    }

    /** A nested object field, or null when absent or null. */
    public static JsonNode optionalObject(JsonNode parent, String field, String path) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw ServiceException.invalid(path, "must be an object");
        }
        return n;
    }

    public static String optionalString(JsonNode parent, String field, String path, int maxLength) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isString()) {
            throw ServiceException.invalid(path, "must be a string");
        }
        String s = n.stringValue();
        if (s.length() > maxLength) {
            throw ServiceException.invalid(path, "must be at most " + maxLength + " characters");
        }
        return s;
    }

    public static String requiredString(JsonNode parent, String field, String path, int maxLength) {
        String s = optionalString(parent, field, path, maxLength);
        if (s == null) {
            throw ServiceException.invalid(path, "is required");
        }
        if (s.isBlank()) {
            throw ServiceException.invalid(path, "must not be empty");
        }
        return s;
    }

    /** An integer field; floating values such as 16000.5 are refused, out-of-range ones (1e400, 1e10) too. */
    public static Integer optionalInt(JsonNode parent, String field, String path) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isNumber()) {
            throw ServiceException.invalid(path, "must be an integer");
        }
        if (n.isIntegralNumber()) {
            if (!n.canConvertToInt()) {
                throw ServiceException.invalid(path, "is out of range");
            }
            return n.intValue();
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d) || d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
            throw ServiceException.invalid(path, "is out of range");
        }
        if (d != Math.rint(d)) {
            throw ServiceException.invalid(path, "must be an integer");
        }
        return (int) d;
    }

    public static Double optionalNumber(JsonNode parent, String field, String path) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isNumber()) {
            throw ServiceException.invalid(path, "must be a number");
        }
        double d = n.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw ServiceException.invalid(path, "must be a finite number");
        }
        return d;
    }

    public static Boolean optionalBoolean(JsonNode parent, String field, String path) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isBoolean()) {
            throw ServiceException.invalid(path, "must be true or false");
        }
        return n.booleanValue();
    }
}
