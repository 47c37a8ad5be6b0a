package com.jarvis.ingress.auth;

import java.time.Instant;
import java.util.UUID;

/** The rows of one login: a token family of a device and its first refresh token (stored as a hash). */
record NewLogin(UUID familyId, UUID deviceId, UUID refreshTokenId, String refreshTokenHash, Instant issuedAt,
                Instant expiresAt) {
}
