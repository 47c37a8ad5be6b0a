package com.jarvis.ingress.support;

import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** A freshly registered device: its access token and its user's id. */
public record TestDevice(String token, UUID userId) {
    public static TestDevice register(ApiClient api) {
        JsonNode r = api.register("device-" + UUID.randomUUID());
        return new TestDevice(r.get("accessToken").asString(), UUID.fromString(r.get("userId").asString()));
    }
}
