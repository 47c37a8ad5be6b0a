package com.jarvis.ingress.observability;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /health}: every {@link ComponentHealth} with an overall status: ok, degraded (an optional component is
 * down; still 200) or unavailable (a required one is down; 503). {@code /health/live}: the process runs.
 * {@code /health/ready}: it should get traffic: the database answers and shutdown has not begun. {@code /health}
 * also names the service's version (from the build's {@code META-INF/build-info.properties}; "unknown" without it).
 */
@RestController
public class HealthController {
    private final List<ComponentHealth> components;
    private final ApplicationAvailability availability;
    private final String version;

    public HealthController(List<ComponentHealth> components, ApplicationAvailability availability,
                            ObjectProvider<BuildProperties> build) {
        this.components = components;
        this.availability = availability;
        BuildProperties info = build.getIfAvailable();
        this.version = info == null || info.getVersion() == null ? "unknown" : info.getVersion();
    }

    @GetMapping(path = "/health", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> health() {
        boolean serving = true;
        boolean degraded = false;
        Map<String, Object> checked = new LinkedHashMap<>();
        for (ComponentHealth c : components) {
            ComponentHealth.Status status = c.check();
            checked.put(c.name(), Map.of("status", status.name()));
            if (status == ComponentHealth.Status.degraded) {
                degraded = true;
            } else if (status == ComponentHealth.Status.down) {
                if (c.required()) {
                    serving = false;
                } else {
                    degraded = true;
                }
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", !serving ? "unavailable" : degraded ? "degraded" : "ok");
        body.put("version", version);
        body.put("components", checked);
        return ResponseEntity.status(serving ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(body);
    }

    @GetMapping(path = "/health/live", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> live() {
        boolean live = availability.getLivenessState() != LivenessState.BROKEN;
        return ResponseEntity.status(live ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .body(Map.of("status", live ? "ok" : "broken"));
    }

    @GetMapping(path = "/health/ready", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> ready() {
        if (availability.getReadinessState() == ReadinessState.REFUSING_TRAFFIC) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("status", "shutting_down"));
        }
        for (ComponentHealth c : components) {
            if (c.required() && c.check() == ComponentHealth.Status.down) {
                return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                        .body(Map.of("status", "unavailable", "reason", c.name() + " is down"));
            }
        }
        return ResponseEntity.ok(Map.of("status", "ready"));
    }
}
