package com.jarvis.ingress.observability;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The connection pool, handing out connections wrapped for JDBC observations (datasource-proxy: a span per
 * connection and statement) only inside a sampled trace, and the pool's own connections otherwise. The wrappers
 * cost about a third of register's CPU even when every observation was switched off (a JDK proxy and listener
 * calls per JDBC method; docs/benchmarks.md), so unsampled requests skip them altogether.
 */
final class SampledJdbcDataSource extends DelegatingDataSource {
    private final DataSource observed;
    private final SampledTraces traces;

    SampledJdbcDataSource(DataSource pool, DataSource observed, SampledTraces traces) {
        super(pool);
        this.observed = observed;
        this.traces = traces;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return traces.inSampledTrace() ? observed.getConnection() : obtainTargetDataSource().getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return traces.inSampledTrace() ? observed.getConnection(username, password)
                : obtainTargetDataSource().getConnection(username, password);
    }
}
