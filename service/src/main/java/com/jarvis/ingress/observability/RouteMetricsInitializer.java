package com.jarvis.ingress.observability;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Puts the spec's HTTP metrics on /metrics from start-up: for every route the service serves, the latency
 * histogram of its success status and the {@code internal_error} series of {@code ingress_errors_total}, at 0.
 * Without this a scrape before the first request shows neither metric, and rate() alerts have nothing to read.
 */
@Component
public class RouteMetricsInitializer {
    private final RequestMappingHandlerMapping mappings;
    private final MeterRegistry registry;
    private final IngressMetrics metrics;

    public RouteMetricsInitializer(RequestMappingHandlerMapping requestMappingHandlerMapping, MeterRegistry registry,
                                   IngressMetrics metrics) {
        this.mappings = requestMappingHandlerMapping;
        this.registry = registry;
        this.metrics = metrics;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void registerRoutes() {
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            if (info.getPathPatternsCondition() == null) {
                continue;
            }
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String route : info.getPathPatternsCondition().getPatternValues()) {
                if (route.equals("/error")) {
                    continue;
                }
                metrics.knownEndpoint(route);
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                    HttpTelemetryFilter.timer(registry, method.name(), route, 200);
                }
            }
        }
    }
}
