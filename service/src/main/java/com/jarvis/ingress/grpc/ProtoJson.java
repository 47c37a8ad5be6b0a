package com.jarvis.ingress.grpc;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Converts between protobuf's JSON-shaped well-known types (Struct, Value) and Jackson trees, so gRPC requests
 * become the same JSON the REST controllers hand to the services. Struct numbers are doubles; whole ones become
 * integers again so {@code 16000} stays {@code 16000}, not {@code 16000.0}.
 */
final class ProtoJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** 2^53: beyond it a double no longer holds every whole number exactly. */
    private static final double MAX_EXACT = 9_007_199_254_740_992d;

    private ProtoJson() {
    }

    static ObjectNode toJson(Struct struct) {
        ObjectNode node = NODES.objectNode();
        for (Map.Entry<String, Value> e : struct.getFieldsMap().entrySet()) {
            node.set(e.getKey(), toJson(e.getValue()));
        }
        return node;
    }

    static JsonNode toJson(Value value) {
        return switch (value.getKindCase()) {
            case NULL_VALUE, KIND_NOT_SET -> NODES.nullNode();
            case BOOL_VALUE -> NODES.booleanNode(value.getBoolValue());
            case STRING_VALUE -> NODES.stringNode(value.getStringValue());
            case NUMBER_VALUE -> number(value.getNumberValue());
            case STRUCT_VALUE -> toJson(value.getStructValue());
            case LIST_VALUE -> {
                ArrayNode array = NODES.arrayNode();
                value.getListValue().getValuesList().forEach(v -> array.add(toJson(v)));
                yield array;
            }
        };
    }

    private static JsonNode number(double d) {
        if (d == Math.rint(d) && Math.abs(d) <= MAX_EXACT) {
            return NODES.numberNode((long) d);
        }
        return NODES.numberNode(d);
    }

    /** The object's fields as a Struct; a non-object (which the service never stores) gives an empty one. */
    static Struct toStruct(JsonNode node) {
        Struct.Builder struct = Struct.newBuilder();
        if (node != null && node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                struct.putFields(e.getKey(), toValue(e.getValue()));
            }
        }
        return struct.build();
    }

    static Value toValue(JsonNode node) {
        Value.Builder v = Value.newBuilder();
        if (node == null || node.isNull() || node.isMissingNode()) {
            return v.setNullValueValue(0).build();
        }
        if (node.isObject()) {
            return v.setStructValue(toStruct(node)).build();
        }
        if (node.isArray()) {
            ListValue.Builder list = ListValue.newBuilder();
            node.forEach(item -> list.addValues(toValue(item)));
            return v.setListValue(list).build();
        }
        if (node.isBoolean()) {
            return v.setBoolValue(node.booleanValue()).build();
        }
        if (node.isNumber()) {
            return v.setNumberValue(node.doubleValue()).build();
        }
        return v.setStringValue(node.asString()).build();
    }

    static Timestamp timestamp(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }
}
