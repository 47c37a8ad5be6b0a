package com.jarvis.ingress.observability;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Maps the standard OpenTelemetry variables onto Boot's tracing properties. Spans are exported over OTLP/HTTP only
 * when OTEL_EXPORTER_OTLP_ENDPOINT is set (the base URL; {@code /v1/traces} is appended as the OTel spec says,
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is taken as is). OTEL_TRACES_SAMPLER_ARG is the parent-based ratio, default 0.1;
 * an unparsable or out-of-range value stops start-up with a message naming it.
 */
public class TracingEnvironmentPostProcessor implements EnvironmentPostProcessor {
    static final double DEFAULT_RATIO = 0.1;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        Map<String, Object> props = new HashMap<>();
        String traces = env.getProperty("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "").trim();
        String base = env.getProperty("OTEL_EXPORTER_OTLP_ENDPOINT", "").trim();
        if (traces.isEmpty() && !base.isEmpty()) {
            traces = base.replaceAll("/+$", "") + "/v1/traces";
        }
        if (traces.isEmpty()) {
            // Not management.tracing.export.enabled: turning that off also turns off W3C propagation.
            props.put("management.tracing.export.otlp.enabled", "false");
        } else {
            props.put("management.opentelemetry.tracing.export.otlp.endpoint", traces);
        }
        props.put("management.tracing.sampling.probability", Double.toString(ratio(env.getProperty("OTEL_TRACES_SAMPLER_ARG"))));
        env.getPropertySources().addFirst(new MapPropertySource("ingress-tracing", props));
    }

    static double ratio(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_RATIO;
        }
        try {
            double r = Double.parseDouble(text.trim());
            if (r >= 0 && r <= 1) {
                return r;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1, got '" + text + "'");
    }
}
