package com.jarvis.ingress.session.events;

import com.jarvis.ingress.config.IngressConfig;
import com.jarvis.ingress.session.SessionService;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import tools.jackson.databind.ObjectMapper;

/** Live session events: their bounds from the environment, the hub, and the watch opener. */
@Configuration(proxyBeanMethods = false)
public class SessionEventBeans {
    private static final Logger log = LoggerFactory.getLogger(SessionEventBeans.class);

    @Bean
    public EventsConfig eventsConfig(Environment environment) {
        EventsConfig config = EventsConfig.load(environment::getProperty);
        log.info("Session events: {}", config);
        return config;
    }

    /** With REDIS_URL, events cross instances through Redis pub/sub; without, there is only this instance. */
    @Bean
    public SessionEventHub sessionEventHub(EventsConfig config, SessionService sessions, IngressConfig ingress,
                                           ObjectMapper json, MeterRegistry registry) {
        EventRelay relay = ingress.embeddedCache() ? EventRelay.NONE
                : new RedisEventRelay(ingress.redisUrl(),
                // unique even if two instances were given the same INSTANCE_ID: each ignores only its own messages
                ingress.instanceId() + "/" + java.util.UUID.randomUUID(), json, registry);
        return new SessionEventHub(config, sessions::current, relay, registry);
    }

    @Bean
    public SessionWatches sessionWatches(SessionService sessions, SessionEventHub hub, ObjectMapper json) {
        return new SessionWatches(sessions, hub, json);
    }
}
