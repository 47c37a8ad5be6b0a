package com.jarvis.ingress.support;

import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A private in-memory H2 database (PostgreSQL mode, as the embedded default) with the service's Flyway migrations
 * applied: real repositories and transactions for unit tests, in milliseconds, without Spring or a network.
 */
public final class InMemoryDatabase {
    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    public InMemoryDatabase() {
        DriverManagerDataSource ds = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        this.dataSource = ds;
        this.jdbc = JdbcClient.create(ds);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public JdbcClient jdbc() {
        return jdbc;
    }

    public TransactionTemplate tx() {
        return tx;
    }

    /** Drops the database (it lives until closed otherwise). */
    public void close() {
        jdbc.sql("SHUTDOWN").update();
    }
}
