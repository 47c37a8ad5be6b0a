package com.jarvis.ingress.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.support.ApiClient;
import com.jarvis.ingress.support.IntegrationTest;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;

/** An incoming W3C traceparent is continued: log lines and the server, JDBC and Redis spans carry its trace id. */
@ExtendWith(OutputCaptureExtension.class)
class TracingIT {
    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String PARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

    /** Not a @Configuration: it must not be component-scanned into other tests' contexts. */
    static class InMemorySpans {
        @Bean
        InMemorySpanExporter inMemorySpanExporter() {
            return InMemorySpanExporter.create();
        }

        @Bean
        SpanProcessor inMemorySpanProcessor(InMemorySpanExporter exporter) {
            return SimpleSpanProcessor.create(exporter);
        }

        @Bean
        StartedObservations startedObservations() {
            return new StartedObservations();
        }
    }

    /** Names of the JDBC observations, and of the Redis ones made on behalf of a request, as they start. */
    static final class StartedObservations implements ObservationHandler<Observation.Context> {
        final List<String> names = new CopyOnWriteArrayList<>();

        @Override
        public void onStart(Observation.Context context) {
            if (context.getName().startsWith("jdbc.")
                    || context.getName().equals("lettuce") && context.getParentObservation() != null) {
                names.add(context.getName());
            }
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return true;
        }
    }

    @Test
    void incomingTraceparentIsContinuedInLogsAndSpans(CapturedOutput output) {
        String db = PostgresTestDatabase.create("ingress_tracing");
        try (ServiceInstance svc = ServiceInstance.start(Map.of("DATABASE_URL", PostgresTestDatabase.url(db),
                "REDIS_URL", IntegrationTest.REDIS_URL, "OTEL_TRACES_SAMPLER_ARG", "0"), InMemorySpans.class)) {
            ApiClient api = svc.api();
            String token = api.newAccessToken();
            InMemorySpanExporter spans = svc.bean(InMemorySpanExporter.class);
            List<String> observed = svc.bean(StartedObservations.class).names;
            spans.reset();
            observed.clear();
            ApiClient.Response r = api.send(api.builder("/api/session/create", token).header("traceparent", PARENT)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
            assertThat(r.status()).isEqualTo(200);

            // Sampling ratio 0, yet the parent said "sampled": parent-based sampling follows the caller.
            List<SpanData> traced = spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getTraceId().equals(TRACE_ID)).toList();
            assertThat(traced).anySatisfy(s -> {
                assertThat(s.getKind()).isEqualTo(SpanKind.SERVER);
                assertThat(s.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
            });
            assertThat(traced).as("JDBC spans").anySatisfy(s -> assertThat(s.getName()).containsIgnoringCase("query"));
            assertThat(traced).as("Redis spans").anySatisfy(s ->
                    assertThat(s.getAttributes().asMap().toString()).containsIgnoringCase("redis"));
            assertThat(output.getOut().lines().filter(l -> l.contains("\"route\":\"/api/session/create\"")))
                    .anySatisfy(l -> assertThat(l).contains("\"trace_id\":\"" + TRACE_ID + "\"", "\"span_id\":\""));

            assertThat(observed).contains("jdbc.query", "lettuce");

            // Without a parent, ratio 0 samples nothing; and the request's JDBC and Redis calls are not even
            // observed (no datasource-proxy wrappers, no Lettuce observations): unsampled spans would be dropped.
            spans.reset();
            observed.clear();
            api.createSession(token);
            assertThat(spans.getFinishedSpanItems()).noneMatch(s -> s.getKind() == SpanKind.SERVER);
            assertThat(observed).isEmpty();
        }
    }
}
