package com.jarvis.ingress.observability;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.tracing.MicrometerTracing;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationRegistryCustomizer;
import javax.sql.DataSource;
import net.ttddyy.dsproxy.support.ProxyDataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import net.ttddyy.observation.tracing.DataSourceObservationListener;
import net.ttddyy.observation.tracing.JdbcObservationDocumentation;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import java.lang.management.ManagementFactory;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Wires correlation ids, HTTP metrics, and the JDBC and Redis spans into the rest of the service. */
@Configuration(proxyBeanMethods = false)
public class ObservabilityBeans {

    @Bean
    public FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
        RequestIdFilter filter = new RequestIdFilter();
        FilterRegistrationBean<RequestIdFilter> reg = new FilterRegistrationBean<>(filter);
        reg.setOrder(filter.getOrder());
        reg.setDispatcherTypes(jakarta.servlet.DispatcherType.REQUEST, jakarta.servlet.DispatcherType.ERROR,
                jakarta.servlet.DispatcherType.ASYNC);
        return reg;
    }

    @Bean
    public FilterRegistrationBean<HttpTelemetryFilter> httpTelemetryFilter(MeterRegistry registry, IngressMetrics metrics) {
        HttpTelemetryFilter filter = new HttpTelemetryFilter(registry, metrics);
        FilterRegistrationBean<HttpTelemetryFilter> reg = new FilterRegistrationBean<>(filter);
        reg.setOrder(filter.getOrder());
        return reg;
    }

    /**
     * Keeps /metrics to the spec's names plus clean JVM and process metrics, so it passes {@code promtool check
     * metrics}: Boot's http_server_requests duplicates http_request_duration_seconds; the JDBC and Redis
     * observations, and gRPC's, exist for their spans (their timers have no help text); a few JVM meters break Prometheus naming
     * rules (process_cpu_seconds_total replaces process_cpu_time_ns_total). Boot's disk space meters are left
     * out: their {@code path} label would show the server's working directory to anyone who can scrape.
     */
    @Bean
    public MeterFilter scrapedMetricsFilter() {
        List<String> deniedPrefixes = List.of("http.server.requests", "jdbc.", "lettuce", "tomcat.sessions", "grpc.server",
                "disk.");
        Set<String> denied = Set.of("jvm.compilation.time", "process.cpu.time", "system.cpu.count");
        return MeterFilter.deny(id -> denied.contains(id.getName())
                || deniedPrefixes.stream().anyMatch(p -> id.getName().startsWith(p)));
    }

    @Bean
    public MeterBinder processCpuSeconds() {
        return registry -> {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9).baseUnit("seconds")
                        .description("CPU time used by the process").register(registry);
            }
        };
    }

    /**
     * JDBC observations exist for their spans only (their timers are filtered out of /metrics), so they are made
     * only inside a sampled trace. Unsampled, each statement still paid for a connection and a query
     * observation: a profile of register under load put about a fifth of the server's CPU in them
     * (docs/benchmarks.md). A sampled request keeps every span, as before.
     */
    @Bean
    public ObservationRegistryCustomizer<ObservationRegistry> spansOnlyWhenSampled(ObjectProvider<Tracer> tracer) {
        SampledTraces traces = new SampledTraces(tracer);
        // Redis' command observations start on Lettuce's threads, where the request's span is not current:
        // SampledRedisTracing decides for them on the calling thread.
        return registry -> registry.observationConfig().observationPredicate((name, context) ->
                !name.startsWith("jdbc.") || traces.inSampledTrace());
    }

    /**
     * Redis commands as spans inside sampled traces (no command arguments: they may hold tokens); used by
     * CacheBeans.
     */
    @Bean(destroyMethod = "shutdown")
    public ClientResources lettuceClientResources(ObservationRegistry observations, ObjectProvider<Tracer> tracer) {
        return ClientResources.builder().tracing(new SampledRedisTracing(new MicrometerTracing(observations, "redis"),
                new SampledTraces(tracer))).build();
    }

    /**
     * Wraps the connection pool so that, inside a sampled trace, every connection and statement is an observation
     * (a span); outside one, the pool's connections are handed out as they are ({@link SampledJdbcDataSource}).
     */
    @Bean
    public static BeanPostProcessor tracedDataSource(ObjectProvider<ObservationRegistry> observations,
                                                     ObjectProvider<Tracer> tracer) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (!(bean instanceof DataSource ds) || bean instanceof ProxyDataSource
                        || bean instanceof SampledJdbcDataSource) {
                    return bean;
                }
                DataSourceObservationListener listener = new DataSourceObservationListener(observations::getObject);
                // Statements without parameter values: those may be tokens' hashes or user data.
                listener.setIncludeParameterValues(false);
                listener.setSupportedTypes(EnumSet.of(JdbcObservationDocumentation.CONNECTION,
                        JdbcObservationDocumentation.QUERY));
                DataSource observed = ProxyDataSourceBuilder.create(ds).name(beanName).listener(listener)
                        .methodListener(listener).build();
                return new SampledJdbcDataSource(ds, observed, new SampledTraces(tracer));
            }
        };
    }
}
