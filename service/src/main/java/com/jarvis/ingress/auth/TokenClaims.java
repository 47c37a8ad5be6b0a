package com.jarvis.ingress.auth;

import java.time.Instant;
import java.util.UUID;

/** What a verified JWT says: who (user, device), which login (token family), which token (jti) and until when. */
public record TokenClaims(TokenType type, UUID userId, UUID deviceId, UUID familyId, UUID tokenId, Instant issuedAt,
                          Instant expiresAt) {
}
