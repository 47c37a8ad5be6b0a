package com.jarvis.ingress.auth;

import java.time.Instant;
import java.util.UUID;

/** A refresh token as stored: its hash, its family, and when it was used (each may be used once). */
public record RefreshTokenRecord(UUID id, UUID familyId, String tokenHash, Instant expiresAt, Instant usedAt) {
}
