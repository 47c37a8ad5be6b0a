package com.jarvis.ingress.auth;

import static com.jarvis.ingress.config.Sql.instant;
import static com.jarvis.ingress.config.Sql.ts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Token families (one per login) and the rotating refresh tokens inside them. */
@Repository
public class TokenFamilyRepository {
    private static final RowMapper<RefreshTokenRecord> REFRESH = (rs, i) -> new RefreshTokenRecord(
            rs.getObject("id", UUID.class), rs.getObject("family_id", UUID.class), rs.getString("token_hash"),
            instant(rs, "expires_at"), instant(rs, "used_at"), rs.getObject("successor_id", UUID.class));

    private final JdbcClient jdbc;

    public TokenFamilyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insertRefreshToken(UUID id, UUID familyId, String hash, Instant issuedAt, Instant expiresAt) {
        jdbc.sql("INSERT INTO refresh_tokens (id, family_id, token_hash, issued_at, expires_at) VALUES (?, ?, ?, ?, ?)")
                .params(id, familyId, hash, ts(issuedAt), ts(expiresAt)).update();
    }

    public Optional<RefreshTokenRecord> findRefreshToken(UUID id) {
        return jdbc.sql("SELECT * FROM refresh_tokens WHERE id = ?").param(id).query(REFRESH).optional();
    }

    /**
     * Atomically consumes the token, recording the token issued in its place: true for exactly one caller, false
     * if it had been used already.
     */
    public boolean markUsed(UUID id, UUID successorId, Instant now) {
        return jdbc.sql("UPDATE refresh_tokens SET used_at = ?, successor_id = ? WHERE id = ? AND used_at IS NULL")
                .params(ts(now), successorId, id).update() == 1;
    }

    /** Whether the token exists and has been used. */
    public boolean isUsed(UUID id) {
        return jdbc.sql("SELECT COUNT(*) FROM refresh_tokens WHERE id = ? AND used_at IS NOT NULL").param(id)
                .query(Long.class).single() == 1;
    }

    /**
     * A used token presented again by a client that never adopted its successor: the unused successor is
     * withdrawn and {@code newSuccessorId} takes its place. False when the successor has been used (or changed)
     * meanwhile: then the reuse is theft.
     */
    public boolean replaceUnusedSuccessor(UUID id, UUID oldSuccessorId, UUID newSuccessorId) {
        if (oldSuccessorId != null && jdbc.sql("DELETE FROM refresh_tokens WHERE id = ? AND used_at IS NULL")
                .param(oldSuccessorId).update() != 1) {
            return false;
        }
        String sameSuccessor = oldSuccessorId == null ? "successor_id IS NULL" : "successor_id = ?";
        var update = jdbc.sql("UPDATE refresh_tokens SET successor_id = ? WHERE id = ? AND " + sameSuccessor)
                .param(newSuccessorId).param(id);
        if (oldSuccessorId != null) {
            update = update.param(oldSuccessorId);
        }
        return update.update() == 1;
    }

    public void revokeFamily(UUID familyId, Instant now) {
        jdbc.sql("UPDATE token_families SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
                .params(ts(now), familyId).update();
    }

    /** Revokes every family of the device and returns their ids (for cache invalidation). */
    public List<UUID> revokeAllOfDevice(UUID deviceId, Instant now) {
        List<UUID> ids = jdbc.sql("SELECT id FROM token_families WHERE device_id = ?").param(deviceId)
                .query(UUID.class).list();
        jdbc.sql("UPDATE token_families SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL")
                .params(ts(now), deviceId).update();
        return ids;
    }

    /** The family's owner and whether it is live (neither it nor its device revoked); empty if unknown. */
    Optional<TokenFamilyState> state(UUID familyId) {
        return jdbc.sql("SELECT d.user_id, d.id AS device_id, "
                        + "CASE WHEN f.revoked_at IS NULL AND d.revoked_at IS NULL THEN 1 ELSE 0 END AS live "
                        + "FROM token_families f JOIN devices d ON d.id = f.device_id WHERE f.id = ?")
                .param(familyId)
                .query((rs, i) -> new TokenFamilyState(rs.getObject("user_id", UUID.class),
                        rs.getObject("device_id", UUID.class), rs.getInt("live") == 1))
                .optional();
    }
}
