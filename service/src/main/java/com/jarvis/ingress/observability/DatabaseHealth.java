package com.jarvis.ingress.observability;

import java.sql.Connection;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/** PostgreSQL (or the embedded database): required, nothing can be served without it. */
@Component
public class DatabaseHealth implements ComponentHealth {
    private final DataSource dataSource;

    public DatabaseHealth(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public boolean required() {
        return true;
    }

    @Override
    public Status check() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(1) ? Status.up : Status.down;
        } catch (Exception e) {
            return Status.down;
        }
    }
}
