package com.jarvis.ingress.observability;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /metrics}: the Prometheus text exposition format (0.0.4). Open by default; when METRICS_TOKEN is set,
 * scrapers must send {@code Authorization: Bearer <METRICS_TOKEN>}.
 */
@RestController
public class MetricsController {
    static final MediaType PROMETHEUS_TEXT = MediaType.parseMediaType("text/plain; version=0.0.4; charset=utf-8");

    private final PrometheusMeterRegistry registry;
    private final byte[] token;

    public MetricsController(PrometheusMeterRegistry registry, @Value("${METRICS_TOKEN:}") String token) {
        this.registry = registry;
        this.token = token.isBlank() ? null : ("Bearer " + token.trim()).getBytes(StandardCharsets.UTF_8);
    }

    @GetMapping("/metrics")
    public ResponseEntity<String> scrape(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        if (token != null && (auth == null
                || !MessageDigest.isEqual(token, auth.trim().getBytes(StandardCharsets.UTF_8)))) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body("{\"error\":{\"code\":\"unauthorized\",\"message\":\"METRICS_TOKEN bearer token required\"}}");
        }
        return ResponseEntity.ok().contentType(PROMETHEUS_TEXT).body(registry.scrape());
    }
}
