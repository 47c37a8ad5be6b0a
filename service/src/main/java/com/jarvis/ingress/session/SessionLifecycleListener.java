package com.jarvis.ingress.session;

/**
 * Told when a session leaves the open states (ended by its user, or expired by the sweeper), exactly once per
 * session across all instances, so its resources (media transports...) can be released.
 */
public interface SessionLifecycleListener {
    void onSessionClosed(Session session);
}
