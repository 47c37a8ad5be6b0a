package com.jarvis.ingress.whip;

/**
 * What a PATCH did: a trickle fragment taken note of (no body, 204), or an ICE restart with the fragment of our new
 * credentials and the new entity-tag (200).
 */
public record PatchOutcome(String fragment, String etag) {
    static final PatchOutcome TRICKLE_ACCEPTED = new PatchOutcome(null, null);

    public boolean restarted() {
        return fragment != null;
    }
}
