package com.jarvis.ingress.observability;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.function.SingletonSupplier;

/**
 * Whether the calling thread is inside a trace that will be exported. JDBC and Redis spans are made only then:
 * 90 % of requests are not sampled by default, and their child spans would be created, timed and dropped.
 */
final class SampledTraces {
    /**
     * The tracer once found: {@code getIfAvailable()} searches the bean factory on every call (~1 % of a session
     * create's CPU, three calls per request). SingletonSupplier asks again while it is absent (start-up).
     */
    private final SingletonSupplier<Tracer> tracer;

    SampledTraces(ObjectProvider<Tracer> tracer) {
        this.tracer = SingletonSupplier.of(tracer::getIfAvailable);
    }

    /** The current span, if any, and whether it is sampled ({@code null} when there is no current span). */
    Boolean currentSampled() {
        Tracer t = tracer.get();
        Span span = t == null ? null : t.currentSpan();
        return span == null ? null : Boolean.TRUE.equals(span.context().sampled());
    }

    boolean inSampledTrace() {
        return Boolean.TRUE.equals(currentSampled());
    }
}
