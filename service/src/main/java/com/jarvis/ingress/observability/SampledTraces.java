package com.jarvis.ingress.observability;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Whether the calling thread is inside a trace that will be exported. JDBC and Redis spans are made only then:
 * 90 % of requests are not sampled by default, and their child spans would be created, timed and dropped.
 */
final class SampledTraces {
    private final ObjectProvider<Tracer> tracer;

    SampledTraces(ObjectProvider<Tracer> tracer) {
        this.tracer = tracer;
    }

    /** The current span, if any, and whether it is sampled ({@code null} when there is no current span). */
    Boolean currentSampled() {
        Tracer t = tracer.getIfAvailable();
        Span span = t == null ? null : t.currentSpan();
        return span == null ? null : Boolean.TRUE.equals(span.context().sampled());
    }

    boolean inSampledTrace() {
        return Boolean.TRUE.equals(currentSampled());
    }
}
