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

    private static final long STALE_SECONDS = 3600;
    private static volatile boolean cleaned;

    /** Creates an empty database and returns its name: {@code <prefix>_<epochSeconds>_<random>}. */
    public static String create(String prefix) {
        long now = System.currentTimeMillis() / 1000;
        String name = (prefix + "_" + now + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8))
                .toLowerCase();
        try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, "");
             Statement s = c.createStatement()) {
            if (!cleaned) {
                cleaned = true;
                dropStale(c, now);
            }
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL must be running on " + HOST + ":" + PORT
                    + " (see .ci/run): " + e.getMessage(), e);
        }
        return name;
    }

    /** Drops test databases of earlier runs (over an hour old, by the time in their name) that nobody uses. */
    private static void dropStale(Connection c, long now) throws SQLException {
        java.util.List<String> stale = new java.util.ArrayList<>();
        try (Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'ingress\\_%'")) {
            while (rs.next()) {
                String[] parts = rs.getString(1).split("_");
                for (String part : parts) {
                    if (part.matches("\\d{10}") && now - Long.parseLong(part) > STALE_SECONDS) {
                        stale.add(rs.getString(1));
                    }
                }
            }
        }
        for (String db : stale) {
            try (Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + db);
            } catch (SQLException inUse) {
                // still in use by another run: leave it
            }
        }
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
