package com.jarvis.ingress.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** Fresh PostgreSQL databases on this machine's server, one per test suite, so runs never see each other's rows. */
public final class PostgresTestDatabase {
    public static final String HOST = System.getenv().getOrDefault("TEST_PG_HOST", "127.0.0.1");
    public static final int PORT = Integer.parseInt(System.getenv().getOrDefault("TEST_PG_PORT", "5432"));
    public static final String USER = System.getenv().getOrDefault("TEST_PG_USER", "postgres");
    private static final String ADMIN_URL = "jdbc:postgresql://" + HOST + ":" + PORT + "/test";

    private PostgresTestDatabase() {
    }

    /** Creates an empty database and returns its name. */
    public static String create(String prefix) {
        String name = (prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)).toLowerCase();
        try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL must be running on " + HOST + ":" + PORT
                    + " (see .ci/run): " + e.getMessage(), e);
        }
        return name;
    }

    /** DATABASE_URL in the spec's postgresql://user@host:port/db form. */
    public static String url(String database) {
        return "postgresql://" + USER + "@" + HOST + ":" + PORT + "/" + database;
    }

    public static String url(String database, int port) {
        return "postgresql://" + USER + "@" + HOST + ":" + port + "/" + database;
    }

    public static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/" + database, USER, "");
    }
}
