package com.jarvis.ingress.auth;

import java.util.UUID;

/** The caller of an authenticated request, as proven by its access token. */
public record AuthenticatedDevice(UUID userId, UUID deviceId, UUID familyId) {
}
