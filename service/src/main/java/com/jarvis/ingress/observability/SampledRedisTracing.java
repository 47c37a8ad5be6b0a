package com.jarvis.ingress.observability;

import io.lettuce.core.tracing.TraceContext;
import io.lettuce.core.tracing.TraceContextProvider;
import io.lettuce.core.tracing.Tracer;
import io.lettuce.core.tracing.TracerProvider;
import io.lettuce.core.tracing.Tracing;
import java.net.SocketAddress;

/**
 * Lettuce's Micrometer tracing, with Redis command spans only when the command is sent inside a sampled trace
 * (or outside any request, where the sampler decides as before). An unsampled request's commands get Lettuce's
 * no-op span: creating, starting and stopping an observation per command was about a tenth of a cached session
 * get's CPU (docs/benchmarks.md). The decision is taken on the calling thread, where the request's span is
 * current; the span itself starts on Lettuce's I/O thread.
 */
final class SampledRedisTracing implements Tracing {
    /** Marks a command sent inside an unsampled trace. */
    private static final TraceContext UNSAMPLED = new TraceContext() { };

    private final Tracing delegate;
    private final SampledTraces traces;
    private final Tracer tracer;

    SampledRedisTracing(Tracing delegate, SampledTraces traces) {
        this.delegate = delegate;
        this.traces = traces;
        this.tracer = new SampledTracer(delegate.getTracerProvider());
    }

    @Override
    public TracerProvider getTracerProvider() {
        return () -> tracer;
    }

    @Override
    public TraceContextProvider initialTraceContextProvider() {
        TraceContextProvider inner = delegate.initialTraceContextProvider();
        return () -> Boolean.FALSE.equals(traces.currentSampled()) ? UNSAMPLED : inner.getTraceContext();
    }

    @Override
    public boolean isEnabled() {
        return delegate.isEnabled();
    }

    @Override
    public boolean includeCommandArgsInSpanTags() {
        return delegate.includeCommandArgsInSpanTags();
    }

    @Override
    public Endpoint createEndpoint(SocketAddress socketAddress) {
        return delegate.createEndpoint(socketAddress);
    }

    private static final class SampledTracer extends Tracer {
        private static final Tracer NO_OP = Tracing.disabled().getTracerProvider().getTracer();
        private final TracerProvider inner;

        SampledTracer(TracerProvider inner) {
            this.inner = inner;
        }

        @Override
        public Span nextSpan() {
            return inner.getTracer().nextSpan();
        }

        @Override
        public Span nextSpan(TraceContext context) {
            return context == UNSAMPLED ? NO_OP.nextSpan() : inner.getTracer().nextSpan(context);
        }
    }
}
