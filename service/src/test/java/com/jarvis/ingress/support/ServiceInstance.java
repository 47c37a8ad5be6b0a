package com.jarvis.ingress.support;

import com.jarvis.ingress.IngressApplication;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One more running instance of the service, started in-process with its own environment, for tests that need
 * several instances, restarts, or a database/cache behind a {@link TcpProxy}.
 */
public final class ServiceInstance implements AutoCloseable {
    private final ConfigurableApplicationContext context;

    private ServiceInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static ServiceInstance start(Map<String, String> env, Class<?>... extraSources) {
        Map<String, Object> props = new HashMap<>(env);
        props.putIfAbsent("PORT", "0");
        props.putIfAbsent("GRPC_PORT", "0");
        props.putIfAbsent("JWT_SECRET", IntegrationTest.JWT_SECRET);
        props.putIfAbsent("SESSION_CLEANUP_INTERVAL", "1h");
        // Audio files of the embedded sink and any embedded database go to a temporary directory, not the checkout.
        props.putIfAbsent("DATA_DIR", IntegrationTest.TEMP_DATA_DIR);
        // any free media port, so that instances never collide
        props.putIfAbsent("RTC_MIN_PORT", "0");
        props.putIfAbsent("RTC_MAX_PORT", "0");
        props.putIfAbsent("MEDIASOUP_LISTEN_IP", "127.0.0.1");
        // no built-in STUN server on 3478 unless a test asks for one on a free port
        props.putIfAbsent("STUN_PORT", "0");
        IntegrationTest.GENEROUS_RATE_LIMITS.forEach(props::putIfAbsent);
        Class<?>[] sources = new Class<?>[extraSources.length + 1];
        sources[0] = IngressApplication.class;
        System.arraycopy(extraSources, 0, sources, 1, extraSources.length);
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(sources).properties(props).run();
        return new ServiceInstance(ctx);
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public ApiClient api() {
        return new ApiClient(port());
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
