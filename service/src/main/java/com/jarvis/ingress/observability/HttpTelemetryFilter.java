package com.jarvis.ingress.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Per request: the {@code http_request_duration_seconds} histogram (method, route template, status_code), the
 * {@code ingress_errors_total} counter for error responses, and one access log line. Runs inside the tracing
 * filter, so the access line carries the trace id. Routes are templates ({@code /api/session/{sessionId}}),
 * never raw paths; requests no handler matched count as {@value #UNMATCHED}. Nothing from headers or bodies is
 * logged, so tokens cannot leak here.
 */
public class HttpTelemetryFilter extends OncePerRequestFilter implements Ordered {
    static final String UNMATCHED = "unmatched";
    static final String ACCESS_LOGGER = "com.jarvis.ingress.access";
    private static final Logger access = LoggerFactory.getLogger(ACCESS_LOGGER);
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    private final IngressMetrics metrics;
    /** Timers by method, route template and status: a bounded set (templates, not paths), built once each. */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public HttpTelemetryFilter(MeterRegistry registry, IngressMetrics metrics) {
        this.registry = registry;
        this.metrics = metrics;
    }

    /** Just inside Boot's tracing filter (HIGHEST_PRECEDENCE + 1), outside everything else. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 2;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        int status = 500;
        try {
            chain.doFilter(request, response);
            status = response.getStatus();
        } finally {
            long nanos = System.nanoTime() - start;
            String method = METHODS.contains(request.getMethod()) ? request.getMethod() : "OTHER";
            String route = route(request);
            timer(method, route, status).record(nanos, TimeUnit.NANOSECONDS);
            if (status >= 400) {
                metrics.error(ErrorCodes.of(request, status), route);
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
            // Probes and scrapes arrive every few seconds: their lines are debug, everything else info.
            boolean routine = route.startsWith("/health") || route.equals("/metrics");
            (routine ? access.atDebug() : access.atInfo()).addKeyValue("method", method).addKeyValue("route", route).addKeyValue("status", status)
                    .addKeyValue("durationMs", millis)
                    .log("{} {} {} {}ms", method, route, status, millis);
        }
    }

    private Timer timer(String method, String route, int status) {
        return timers.computeIfAbsent(method + ' ' + status + ' ' + route, k -> timer(registry, method, route, status));
    }

    /** The latency histogram of one method, route and status ({@code http_request_duration_seconds}). */
    static Timer timer(MeterRegistry registry, String method, String route, int status) {
        return Timer.builder("http.request.duration").description("HTTP request latency")
                .serviceLevelObjectives(BUCKETS)
                .tag("method", method).tag("route", route).tag("status_code", Integer.toString(status))
                .register(registry);
    }

    static String route(HttpServletRequest request) {
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (pattern instanceof String p && !p.isEmpty() && !"/**".equals(p) && !"/error".equals(p)) {
            return p;
        }
        return UNMATCHED;
    }
}
