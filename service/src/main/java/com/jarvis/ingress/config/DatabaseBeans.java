package com.jarvis.ingress.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The connection pool: PostgreSQL from DATABASE_URL, or the embedded H2 file database when it is unset. Start-up
 * waits for PostgreSQL PG_CONNECT_RETRIES times, then gives up with {@link DatabaseUnreachableException}.
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseBeans {
    private static final Logger log = LoggerFactory.getLogger(DatabaseBeans.class);

    @Bean(destroyMethod = "close")
    public HikariDataSource dataSource(IngressConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("ingress-db");
        hikari.setMaximumPoolSize(config.pgPoolMax());
        hikari.setMinimumIdle(Math.min(1, config.pgPoolMax()));
        hikari.setConnectionTimeout(config.pgConnTimeout().toMillis());
        hikari.setIdleTimeout(config.pgIdleTimeout().toMillis());
        hikari.setValidationTimeout(Math.max(250, Math.min(1000, config.pgConnTimeout().toMillis() / 2)));
        if (config.embeddedDatabase()) {
            Path dir = config.dataDir().toAbsolutePath();
            try {
                Files.createDirectories(dir);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("DATA_DIR " + dir + " cannot be created: " + e.getMessage(), e);
            }
            hikari.setJdbcUrl("jdbc:h2:file:" + dir.resolve("ingress") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"
                    + ";DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=2000");
            hikari.setUsername("sa");
            hikari.setPassword("");
            log.warn("DATABASE_URL is not set: using the embedded H2 database in {} (development default; "
                    + "production requires PostgreSQL)", dir);
        } else {
            DatabaseUrl db = config.database();
            hikari.setJdbcUrl(db.jdbcUrl());
            if (db.username() != null) {
                hikari.setUsername(db.username());
            }
            if (db.password() != null) {
                hikari.setPassword(db.password());
            }
            hikari.addDataSourceProperty("connectTimeout", Math.max(1, config.pgConnTimeout().toSeconds()));
            hikari.addDataSourceProperty("socketTimeout", 30);
            hikari.addDataSourceProperty("ApplicationName", "jarvis-ingress");
            awaitPostgres(db, config);
            log.info("Using PostgreSQL at {}", db.jdbcUrl().replaceAll("\\?.*$", ""));
        }
        return new HikariDataSource(hikari);
    }

    /** Tries once plus PG_CONNECT_RETRIES more times, backing off 1 s, 2 s, 4 s... (capped at 10 s). */
    static void awaitPostgres(DatabaseUrl db, IngressConfig config) {
        Properties props = new Properties();
        if (db.username() != null) {
            props.setProperty("user", db.username());
        }
        if (db.password() != null) {
            props.setProperty("password", db.password());
        }
        props.setProperty("connectTimeout", String.valueOf(Math.max(1, config.pgConnTimeout().toSeconds())));
        int attempts = config.pgConnectRetries() + 1;
        long backoff = 1000;
        SQLException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try (Connection ignored = DriverManager.getConnection(db.jdbcUrl(), props)) {
                return;
            } catch (SQLException e) {
                last = e;
                log.warn("PostgreSQL not reachable (attempt {}/{}): {}", attempt, attempts, e.getMessage());
                if (attempt < attempts) {
                    sleep(backoff);
                    backoff = Math.min(backoff * 2, 10_000);
                }
            }
        }
        throw new DatabaseUnreachableException("Cannot connect to PostgreSQL at " + db.jdbcUrl().replaceAll("\\?.*$", "")
                + " after " + attempts + " attempts (PG_CONNECT_RETRIES=" + config.pgConnectRetries() + "): "
                + (last == null ? "unknown error" : last.getMessage()), last);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseUnreachableException("Interrupted while waiting for PostgreSQL", e);
        }
    }
}
