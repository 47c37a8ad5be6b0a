package com.jarvis.ingress.session;

import java.util.UUID;

/** Where session views get media statistics from (the WebRTC layer of this instance). */
public interface SessionStatsSource {
    SessionStats stats(UUID sessionId);
}
