package com.jarvis.ingress.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.support.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A known device's login and the device's revoke, interleaved on two PostgreSQL connections: the revoke holds the
 * device row (updated, not yet committed) while the login is written. The login must wait for it and then write
 * nothing, in the one-statement (PostgreSQL) and the transaction (embedded H2) forms alike.
 */
class LoginRevokeRaceIT {
    private static String database;
    private static JdbcClient jdbc;
    private static TransactionTemplate tx;

    @BeforeAll
    static void migrate() {
        database = PostgresTestDatabase.create("ingress_login_race");
        DriverManagerDataSource ds = new DriverManagerDataSource("jdbc:postgresql://" + PostgresTestDatabase.HOST + ":"
                + PostgresTestDatabase.PORT + "/" + database, PostgresTestDatabase.USER, "");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(ds);
        tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
    }

    @AfterAll
    static void drop() throws Exception {
        try (Connection admin = PostgresTestDatabase.connect("test")) {
            admin.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private static NewLogin loginOf(UUID deviceId, Instant now) {
        return new NewLogin(UUID.randomUUID(), deviceId, UUID.randomUUID(), "hash-" + UUID.randomUUID(), now,
                now.plusSeconds(3600));
    }

    private static DeviceRecord newDevice(LoginRepository logins, Instant now) {
        DeviceRecord device = new DeviceRecord(UUID.randomUUID(), UUID.randomUUID(), "dev-" + UUID.randomUUID(),
                "token-hash", now, null);
        logins.insertWithNewDevice(device, loginOf(device.id(), now));
        return device;
    }

    private static long families(UUID deviceId) {
        return jdbc.sql("SELECT count(*) FROM token_families WHERE device_id = ?").param(deviceId).query(Long.class)
                .single();
    }

    /** A connection whose open transaction has revoked the device (as {@code DeviceRepository.revoke} does). */
    private static Connection revokedNotCommitted(UUID deviceId) throws Exception {
        Connection revoker = PostgresTestDatabase.connect(database);
        revoker.setAutoCommit(false);
        try (PreparedStatement revoke = revoker.prepareStatement(
                "UPDATE devices SET revoked_at = now(), live_identifier = NULL WHERE id = ?")) {
            revoke.setObject(1, deviceId);
            assertThat(revoke.executeUpdate()).isEqualTo(1);
        }
        return revoker;
    }

    @ParameterizedTest(name = "oneStatement={0}, revoke commits={1}")
    @CsvSource({"true,true", "false,true", "true,false", "false,false"})
    void aLoginWaitsForARevokeHoldingTheDeviceRowAndIsWrittenOnlyIfItRollsBack(boolean oneStatement,
                                                                               boolean revokeCommits) throws Exception {
        LoginRepository logins = new LoginRepository(jdbc, tx, oneStatement);
        Instant now = Instant.now();
        DeviceRecord device = newDevice(logins, now);
        NewLogin login = loginOf(device.id(), now);

        try (Connection revoker = revokedNotCommitted(device.id())) {
            CompletableFuture<Boolean> written = CompletableFuture.supplyAsync(() -> logins.insert(login));
            Thread.sleep(300);
            assertThat(written).as("the login waits for the revoke holding the device row").isNotDone();
            if (revokeCommits) {
                revoker.commit();
            } else {
                revoker.rollback();
            }
            assertThat(written.get(10, TimeUnit.SECONDS)).isEqualTo(!revokeCommits);
        }
        long expected = revokeCommits ? 0 : 1;
        assertThat(jdbc.sql("SELECT count(*) FROM token_families WHERE id = ?").param(login.familyId())
                .query(Long.class).single()).isEqualTo(expected);
        assertThat(jdbc.sql("SELECT count(*) FROM refresh_tokens WHERE id = ?").param(login.refreshTokenId())
                .query(Long.class).single()).isEqualTo(expected);
        assertThat(families(device.id())).as("the device's first login and, unless revoked, this one")
                .isEqualTo(1 + expected);
    }
}
