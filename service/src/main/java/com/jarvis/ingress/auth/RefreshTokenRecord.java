package com.jarvis.ingress.auth;

import java.time.Instant;
import java.util.UUID;

/**
 * A refresh token as stored: its hash, its family, when it was used and the token issued in its place then.
 */
public record RefreshTokenRecord(UUID id, UUID familyId, String tokenHash, Instant expiresAt, Instant usedAt,
                                 UUID successorId) {
}
