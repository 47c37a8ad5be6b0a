package com.jarvis.ingress.auth;

import static com.jarvis.ingress.config.Sql.instant;
import static com.jarvis.ingress.config.Sql.ts;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Users and their devices in PostgreSQL. */
@Repository
public class DeviceRepository {
    private static final RowMapper<DeviceRecord> ROW = (rs, i) -> new DeviceRecord(
            rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class), rs.getString("device_identifier"),
            rs.getString("token_hash"), instant(rs, "created_at"), instant(rs, "revoked_at"));

    private final JdbcClient jdbc;

    public DeviceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<DeviceRecord> findLive(String identifier) {
        return jdbc.sql("SELECT * FROM devices WHERE live_identifier = ?").param(identifier).query(ROW).optional();
    }

    public Optional<DeviceRecord> find(UUID id) {
        return jdbc.sql("SELECT * FROM devices WHERE id = ?").param(id).query(ROW).optional();
    }

    /** Creates a user and its first device; fails with a duplicate-key error if the identifier is taken. */
    public DeviceRecord createWithUser(String identifier, String tokenHash, Instant now) {
        UUID userId = UUID.randomUUID();
        UUID deviceId = UUID.randomUUID();
        jdbc.sql("INSERT INTO users (id, created_at) VALUES (?, ?)").params(userId, ts(now)).update();
        jdbc.sql("INSERT INTO devices (id, user_id, device_identifier, live_identifier, token_hash, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)")
                .params(deviceId, userId, identifier, identifier, tokenHash, ts(now)).update();
        return new DeviceRecord(deviceId, userId, identifier, tokenHash, now, null);
    }

    /** Gives a live device a new device token (identifier-only sign-in issues a fresh one). */
    public boolean replaceToken(UUID deviceId, String tokenHash) {
        return jdbc.sql("UPDATE devices SET token_hash = ? WHERE id = ? AND revoked_at IS NULL")
                .params(tokenHash, deviceId).update() == 1;
    }

    /** Marks the device revoked and frees its identifier; false if it already was. */
    public boolean revoke(UUID deviceId, Instant now) {
        return jdbc.sql("UPDATE devices SET revoked_at = ?, live_identifier = NULL WHERE id = ? AND revoked_at IS NULL")
                .params(ts(now), deviceId).update() == 1;
    }
}
