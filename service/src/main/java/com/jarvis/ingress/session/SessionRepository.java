package com.jarvis.ingress.session;

import static com.jarvis.ingress.config.Sql.instant;
import static com.jarvis.ingress.config.Sql.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.ObjectMapper;

/** Sessions in PostgreSQL (the source of truth); configs are stored as JSON text. */
@Repository
public class SessionRepository {
    private final JdbcClient jdbc;
    private final ObjectMapper json;

    public SessionRepository(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void insert(Session s) {
        jdbc.sql("INSERT INTO sessions (id, user_id, device_id, status, audio_config, voice_config, metadata, "
                        + "context_data, created_at, updated_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(s.id(), s.userId(), s.deviceId(), s.status().wire(), json.writeValueAsString(s.audioConfig()),
                        json.writeValueAsString(s.voiceConfig()), s.metadata(), s.contextData(), ts(s.createdAt()),
                        ts(s.updatedAt()), ts(s.expiresAt()))
                .update();
    }

    public Optional<Session> find(UUID id) {
        return jdbc.sql("SELECT * FROM sessions WHERE id = ?").param(id).query(this::row).optional();
    }

    /** The session row locked until the surrounding transaction ends. */
    public Optional<Session> findForUpdate(UUID id) {
        return jdbc.sql("SELECT * FROM sessions WHERE id = ? FOR UPDATE").param(id).query(this::row).optional();
    }

    /** Replaces the context of an open session; false if it is not open or unknown. */
    public boolean updateContext(UUID id, String contextData, Instant now) {
        return jdbc.sql("UPDATE sessions SET context_data = ?, updated_at = ? "
                        + "WHERE id = ? AND status IN ('pending', 'active')")
                .params(contextData, ts(now), id).update() == 1;
    }

    /** A listed session with its insertion sequence number (the paging position). */
    public record Listed(long seq, Session session) {
    }

    /** The user's sessions, newest first, strictly older than the cursor position when one is given. */
    public List<Listed> listByUser(UUID userId, SessionCursor after, SessionStatus status, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM sessions WHERE user_id = ?");
        List<Object> params = new java.util.ArrayList<>(List.of(userId));
        if (status != null) {
            sql.append(" AND status = ?");
            params.add(status.wire());
        }
        if (after != null) {
            sql.append(" AND seq < ?");
            params.add(after.seq());
        }
        sql.append(" ORDER BY seq DESC LIMIT ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, i) -> new Listed(rs.getLong("seq"), row(rs, i))).list();
    }

    /** Updates context and voice of an open session; false if it is not open (ended, expired) or unknown. */
    public boolean updateConfig(UUID id, String contextData, VoiceConfig voice, Instant now) {
        return jdbc.sql("UPDATE sessions SET context_data = ?, voice_config = ?, updated_at = ? "
                        + "WHERE id = ? AND status IN ('pending', 'active')")
                .params(contextData, json.writeValueAsString(voice), ts(now), id).update() == 1;
    }

    /** Ends an open session; false if it was not open. */
    public boolean end(UUID id, Instant now) {
        return jdbc.sql("UPDATE sessions SET status = 'ended', ended_at = ?, updated_at = ? "
                        + "WHERE id = ? AND status IN ('pending', 'active')")
                .params(ts(now), ts(now), id).update() == 1;
    }

    /** pending -> active, recording which instance holds the media. */
    public boolean activate(UUID id, String instance, Instant now) {
        return jdbc.sql("UPDATE sessions SET status = 'active', owner_instance = ?, updated_at = ? "
                        + "WHERE id = ? AND status IN ('pending', 'active')")
                .params(instance, ts(now), id).update() == 1;
    }

    /** Pushes the expiry of an open session out (never earlier than it is). */
    public boolean extend(UUID id, Instant expiresAt, Instant now) {
        return jdbc.sql("UPDATE sessions SET expires_at = ?, updated_at = ? "
                        + "WHERE id = ? AND status IN ('pending', 'active') AND expires_at < ?")
                .params(ts(expiresAt), ts(now), id, ts(expiresAt)).update() == 1;
    }

    /**
     * Locks up to {@code limit} open sessions past their expiry, skipping rows another instance has locked, so
     * two sweepers never take the same session. Must run inside a transaction with {@link #markExpired}.
     */
    public List<Session> lockExpired(Instant now, int limit) {
        return jdbc.sql("SELECT * FROM sessions WHERE status IN ('pending', 'active') AND expires_at <= ? "
                        + "ORDER BY expires_at LIMIT ? FOR UPDATE SKIP LOCKED")
                .params(ts(now), limit).query(this::row).list();
    }

    /** Open sessions (pending or active) in the whole database, for the ingress_sessions_active gauge. */
    public long countOpen() {
        return jdbc.sql("SELECT COUNT(*) FROM sessions WHERE status IN ('pending', 'active')").query(Long.class).single();
    }

    public void markExpired(UUID id, Instant now) {
        jdbc.sql("UPDATE sessions SET status = 'expired', ended_at = ?, updated_at = ? WHERE id = ?")
                .params(ts(now), ts(now), id).update();
    }

    private Session row(ResultSet rs, int i) throws SQLException {
        return new Session(
                rs.getObject("id", UUID.class),
                rs.getObject("user_id", UUID.class),
                rs.getObject("device_id", UUID.class),
                SessionStatus.fromWire(rs.getString("status")),
                json.readValue(rs.getString("audio_config"), AudioConfig.class),
                json.readValue(rs.getString("voice_config"), VoiceConfig.class),
                rs.getString("metadata"),
                rs.getString("context_data"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                instant(rs, "expires_at"),
                instant(rs, "ended_at"),
                rs.getString("owner_instance"));
    }
}
