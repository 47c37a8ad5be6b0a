package com.jarvis.ingress.auth;

import java.time.Instant;
import java.util.UUID;

/** A registered device of a user; {@code revokedAt} is set once it logged out. */
public record DeviceRecord(UUID id, UUID userId, String identifier, String tokenHash, Instant createdAt, Instant revokedAt) {
}
