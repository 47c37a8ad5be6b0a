package com.jarvis.ingress.session.events;

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

    @Bean
    public SessionEventHub sessionEventHub(EventsConfig config, SessionService sessions, MeterRegistry registry) {
        return new SessionEventHub(config, sessions::current, registry);
    }

    @Bean
    public SessionWatches sessionWatches(SessionService sessions, SessionEventHub hub, ObjectMapper json) {
        return new SessionWatches(sessions, hub, json);
    }
}
