package com.jarvis.ingress.auth;

/** Answer of {@code POST /api/auth/register}, shaped as the spec shows. */
public record Registration(String userId, String deviceToken, String accessToken, String refreshToken, String expiresIn) {
}
