package com.jarvis.ingress.auth;

import static com.jarvis.ingress.config.Sql.ts;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes a login atomically: a new user, its device, the token family and its first refresh token (register with
 * a new identifier), or a family and token for a known device. On PostgreSQL each is one statement (data-modifying
 * CTEs): one round trip and no explicit transaction, where four inserts and a COMMIT took five. H2 (the
 * embedded development database) has no data-modifying CTEs: there the inserts run one by one in a transaction.
 */
class LoginRepository {
    private static final String USER = "INSERT INTO users (id, created_at) VALUES (?, ?)";
    private static final String DEVICE = "INSERT INTO devices (id, user_id, device_identifier, live_identifier, "
            + "token_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String FAMILY = "INSERT INTO token_families (id, device_id, created_at) VALUES (?, ?, ?)";
    private static final String REFRESH_TOKEN = "INSERT INTO refresh_tokens (id, family_id, token_hash, issued_at, "
            + "expires_at) VALUES (?, ?, ?, ?, ?)";

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

    /** A login of a known device. */
    void insert(NewLogin login) {
        if (oneStatement) {
            jdbc.sql("WITH f AS (" + FAMILY + ") " + REFRESH_TOKEN).params(familyParams(login))
                    .params(refreshTokenParams(login)).update();
            return;
        }
        tx.executeWithoutResult(s -> {
            jdbc.sql(FAMILY).params(familyParams(login)).update();
            jdbc.sql(REFRESH_TOKEN).params(refreshTokenParams(login)).update();
        });
    }

    private static Object[] familyParams(NewLogin login) {
        return new Object[] {login.familyId(), login.deviceId(), ts(login.issuedAt())};
    }

    private static Object[] refreshTokenParams(NewLogin login) {
        return new Object[] {login.refreshTokenId(), login.familyId(), login.refreshTokenHash(), ts(login.issuedAt()),
                ts(login.expiresAt())};
    }
}
