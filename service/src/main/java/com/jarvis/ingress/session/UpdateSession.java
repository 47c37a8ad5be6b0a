package com.jarvis.ingress.session;

import com.jarvis.ingress.error.ServiceException;

/**
 * A change to an open session: a new contextData (replacing the old) and/or voice settings over the current
 * ones; null means "unchanged", and at least one is given. The audio configuration cannot change: see
 * {@link #audioConfigFixed()}.
 */
public record UpdateSession(JsonDocument contextData, VoiceConfigPatch voice) {
    public UpdateSession {
        if (contextData == null && voice == null) {
            throw ServiceException.invalid("body", "must contain contextData and/or voiceConfig");
        }
    }

    /** The refusal for a request that tries to change audioConfig, whatever its protocol. */
    public static ServiceException audioConfigFixed() {
        // The media transport was set up for it; a different encoding needs a new session.
        return ServiceException.invalid("audioConfig", "cannot change once the session exists; start a new session");
    }
}
