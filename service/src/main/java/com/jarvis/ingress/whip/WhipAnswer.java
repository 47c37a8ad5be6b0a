package com.jarvis.ingress.whip;

import java.util.UUID;

/** A published WHIP resource: the session it streams into, the SDP answer and the ICE session's entity-tag. */
public record WhipAnswer(UUID sessionId, boolean sessionCreated, String sdp, String etag) {
}
