package com.jarvis.ingress.session;

import java.util.List;

/** One page of a user's sessions, newest first; {@code nextCursor} is null on the last page. */
public record SessionPage(List<Session> sessions, String nextCursor) {
}
