package com.jarvis.ingress.auth;

import static com.jarvis.ingress.config.Sql.ts;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes a login atomically: a new user, its device, the token family and its first refresh token (register with
 * a new identifier), or a family and token for a known device. On PostgreSQL each is one statement (data-modifying
 * CTEs): one round trip and no explicit transaction, where four inserts and a COMMIT took five. H2 (the
 * embedded development database) has no data-modifying CTEs: there the inserts run one by one in a transaction.
 *
 * <p>A known device's login is written only while the device is live, under a share lock on its row: a revoke
 * ({@code UPDATE devices}) that commits first leaves nothing written, and one that comes after waits for the login
 * to commit and then sees (and revokes) its family. Without the lock a login racing a revoke left an active family
 * on a revoked device.
 */
class LoginRepository {
    private static final String USER = "INSERT INTO users (id, created_at) VALUES (?, ?)";
    private static final String DEVICE = "INSERT INTO devices (id, user_id, device_identifier, live_identifier, "
            + "token_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String FAMILY = "INSERT INTO token_families (id, device_id, created_at) VALUES (?, ?, ?)";
    private static final String REFRESH_TOKEN = "INSERT INTO refresh_tokens (id, family_id, token_hash, issued_at, "
            + "expires_at) VALUES (?, ?, ?, ?, ?)";
    private static final String LIVE_DEVICE = "SELECT 1 FROM devices WHERE id = ? AND revoked_at IS NULL";
    /** FOR SHARE conflicts with the revoke's row lock (the foreign key's implicit KEY SHARE does not). */
    private static final String FAMILY_OF_LIVE_DEVICE = "WITH f AS (INSERT INTO token_families (id, device_id, "
            + "created_at) SELECT ?, ?, ? WHERE EXISTS (" + LIVE_DEVICE + " FOR SHARE) RETURNING id) "
            + "INSERT INTO refresh_tokens (id, family_id, token_hash, issued_at, expires_at) "
            + "SELECT ?, f.id, ?, ?, ? FROM f";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final boolean oneStatement;

    /** {@code oneStatement}: the database runs data-modifying CTEs (PostgreSQL). */
    LoginRepository(JdbcClient jdbc, TransactionTemplate tx, boolean oneStatement) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.oneStatement = oneStatement;
    }

    /** The user, its first device and the login; a duplicate-key error if the identifier is live already. */
    void insertWithNewDevice(DeviceRecord device, NewLogin login) {
        if (oneStatement) {
            jdbc.sql("WITH u AS (" + USER + "), d AS (" + DEVICE + "), f AS (" + FAMILY + ") " + REFRESH_TOKEN)
                    .params(device.userId(), ts(device.createdAt()))
                    .params(device.id(), device.userId(), device.identifier(), device.identifier(), device.tokenHash(),
                            ts(device.createdAt()))
                    .params(familyParams(login)).params(refreshTokenParams(login)).update();
            return;
        }
        tx.executeWithoutResult(s -> {
            jdbc.sql(USER).params(device.userId(), ts(device.createdAt())).update();
            jdbc.sql(DEVICE).params(device.id(), device.userId(), device.identifier(), device.identifier(),
                    device.tokenHash(), ts(device.createdAt())).update();
            insert(login);
        });
    }

    /** A login of a known device; false, with nothing written, if the device has been revoked. */
    boolean insert(NewLogin login) {
        if (oneStatement) {
            return jdbc.sql(FAMILY_OF_LIVE_DEVICE).params(familyParams(login)).params(login.deviceId())
                    .params(login.refreshTokenId(), login.refreshTokenHash(), ts(login.issuedAt()),
                            ts(login.expiresAt()))
                    .update() == 1;
        }
        return Boolean.TRUE.equals(tx.execute(s -> {
            if (jdbc.sql(LIVE_DEVICE + " FOR UPDATE").param(login.deviceId()).query().listOfRows().isEmpty()) {
                return false;
            }
            jdbc.sql(FAMILY).params(familyParams(login)).update();
            jdbc.sql(REFRESH_TOKEN).params(refreshTokenParams(login)).update();
            return true;
        }));
    }

    private static Object[] familyParams(NewLogin login) {
        return new Object[] {login.familyId(), login.deviceId(), ts(login.issuedAt())};
    }

    private static Object[] refreshTokenParams(NewLogin login) {
        return new Object[] {login.refreshTokenId(), login.familyId(), login.refreshTokenHash(), ts(login.issuedAt()),
                ts(login.expiresAt())};
    }
}
