package com.jarvis.ingress.config;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Turns the environment into one validated {@link IngressConfig}; start-up fails listing every problem. */
@Configuration(proxyBeanMethods = false)
public class ConfigurationBeans {
    private static final Logger log = LoggerFactory.getLogger(ConfigurationBeans.class);

    @Bean
    public IngressConfig ingressConfig(Environment environment) {
        IngressConfigLoader.Loaded loaded = IngressConfigLoader.load(environment::getProperty);
        loaded.warnings().forEach(log::warn);
        IngressConfig config = loaded.config();
        log.info("Configuration: {}", config);
        return config;
    }

    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }
}
