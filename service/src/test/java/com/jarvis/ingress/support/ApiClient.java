package com.jarvis.ingress.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small real-network HTTP client for integration tests: JSON in, status + JSON out. */
public final class ApiClient {
    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public record Response(int status, JsonNode body, java.net.http.HttpHeaders headers, String raw) {
        public String text(String field) {
            JsonNode n = body.get(field);
            return n == null ? null : n.asString();
        }

        public String errorCode() {
            return body.path("error").path("code").asString();
        }

        public String errorMessage() {
            return body.path("error").path("message").asString();
        }
    }

    public Response get(String path, String token) {
        return send(builder(path, token).GET());
    }

    public Response delete(String path, String token) {
        return send(builder(path, token).DELETE());
    }

    public Response post(String path, String json, String token) {
        return send(builder(path, token).header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response patch(String path, String json, String token) {
        return send(builder(path, token).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
            } catch (RuntimeException notJson) {
                body = JSON.createObjectNode();
            }
            return new Response(r.statusCode(), body, r.headers(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder builder(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    /** Registers a fresh device and returns the registration body. */
    public JsonNode register(String deviceIdentifier) {
        Response r = post("/api/auth/register", "{\"deviceIdentifier\":\"" + deviceIdentifier + "\"}", null);
        if (r.status() != 200) {
            throw new AssertionError("register failed: " + r.status() + " " + r.raw());
        }
        return r.body();
    }

    public String newAccessToken() {
        return register("device-" + java.util.UUID.randomUUID()).get("accessToken").asString();
    }

    public String createSession(String token) {
        Response r = post("/api/session/create", "{}", token);
        if (r.status() != 200) {
            throw new AssertionError("create failed: " + r.status() + " " + r.raw());
        }
        return r.text("sessionId");
    }
}
