package com.jarvis.ingress.recording;

import static com.jarvis.ingress.config.Sql.instant;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** When sessions ended, read from the database (the source of truth), many at a time. */
class SessionEndTimes {
    private final JdbcClient jdbc;

    SessionEndTimes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What the database says about one session: unknown, open ({@code endedAt} null) or ended. */
    record SessionEnd(boolean known, Instant endedAt) {
        static final SessionEnd UNKNOWN = new SessionEnd(false, null);
    }

    /** Each of {@code ids} the database knows, with its end time (null while open); unknown ids are left out. */
    Map<UUID, SessionEnd> of(Collection<UUID> ids) {
        Map<UUID, SessionEnd> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        jdbc.sql("SELECT id, ended_at FROM sessions WHERE id IN (:ids)").param("ids", ids)
                .query(rs -> {
                    out.put(rs.getObject("id", UUID.class), new SessionEnd(true, instant(rs, "ended_at")));
                });
        return out;
    }
}
