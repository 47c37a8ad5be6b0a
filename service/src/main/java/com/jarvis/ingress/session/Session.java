package com.jarvis.ingress.session;

import java.time.Instant;
import java.util.UUID;

/**
 * A voice-assistant session as stored. {@code metadata} and {@code contextData} are JSON object texts.
 * {@code ownerInstance} is the service instance that holds the session's media transport, if any.
 */
public record Session(UUID id, UUID userId, UUID deviceId, SessionStatus status, AudioConfig audioConfig,
                      VoiceConfig voiceConfig, String metadata, String contextData, Instant createdAt,
                      Instant updatedAt, Instant expiresAt, Instant endedAt, String ownerInstance) {
}
