package com.jarvis.ingress.session.events;

import com.jarvis.ingress.config.DurationText;
import com.jarvis.ingress.config.EnvReader;
import java.time.Duration;
import java.util.function.Function;

/**
 * Bounds of live session events, from the environment.
 *
 * @param maxWatchersPerUser SESSION_EVENTS_MAX_WATCHERS_PER_USER: concurrent SSE + WatchSession streams of one user
 * @param maxWatchers        SESSION_EVENTS_MAX_WATCHERS: concurrent streams on this instance
 * @param queueCapacity      SESSION_EVENTS_QUEUE: live events held for one slow watcher before the oldest is dropped
 * @param heartbeat          SESSION_EVENTS_HEARTBEAT: interval of SSE keep-alive comments and of the re-check of
 *                           watched sessions' status (changes made on other instances)
 */
public record EventsConfig(int maxWatchersPerUser, int maxWatchers, int queueCapacity, Duration heartbeat) {

    public static EventsConfig load(Function<String, String> env) {
        EnvReader r = new EnvReader(env);
        int perUser = r.integer("SESSION_EVENTS_MAX_WATCHERS_PER_USER", 4, 1, 1000);
        int total = r.integer("SESSION_EVENTS_MAX_WATCHERS", 1000, 1, 100_000);
        int queue = r.integer("SESSION_EVENTS_QUEUE", 256, 1, 100_000);
        Duration heartbeat = Duration.ofSeconds(15);
        String text = r.text("SESSION_EVENTS_HEARTBEAT", null);
        if (text != null) {
            try {
                heartbeat = DurationText.parse(text);
            } catch (IllegalArgumentException e) {
                r.problem("SESSION_EVENTS_HEARTBEAT " + e.getMessage());
            }
        }
        if (heartbeat.compareTo(Duration.ofMillis(100)) < 0) {
            r.problem("SESSION_EVENTS_HEARTBEAT must be at least 100ms");
        }
        r.throwIfProblems();
        return new EventsConfig(perUser, total, queue, heartbeat);
    }
}
