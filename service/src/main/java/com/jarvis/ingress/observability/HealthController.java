package com.jarvis.ingress.observability;

import com.jarvis.ingress.cache.KeyValueCache;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /health}: 200 when the service can serve (the database answers), 503 otherwise. */
@RestController
public class HealthController {
    private final DataSource dataSource;
    private final KeyValueCache cache;

    public HealthController(DataSource dataSource, KeyValueCache cache) {
        this.dataSource = dataSource;
        this.cache = cache;
    }

    @GetMapping(path = "/health", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> health() {
        boolean db = databaseUp();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", db ? "ok" : "unavailable");
        body.put("database", db ? "up" : "down");
        body.put("cache", Map.of("kind", cache.kind(), "status", cache.available() ? "up" : "down"));
        return ResponseEntity.status(db ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(body);
    }

    private boolean databaseUp() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(1);
        } catch (Exception e) {
            return false;
        }
    }
}
