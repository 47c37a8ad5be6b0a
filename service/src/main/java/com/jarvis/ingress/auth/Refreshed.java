package com.jarvis.ingress.auth;

/** Answer of {@code POST /api/auth/refresh}: the spec's fields plus the rotated refresh token. */
public record Refreshed(String accessToken, String refreshToken, String expiresIn) {
}
