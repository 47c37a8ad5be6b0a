package com.jarvis.ingress.config;

import java.util.Locale;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/** Translates the spec's Pino-style LOG_LEVEL (trace..fatal, silent) to the root logger level. */
public class LogLevelEnvironmentPostProcessor implements EnvironmentPostProcessor {
    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String level = environment.getProperty("LOG_LEVEL");
        if (level == null || level.isBlank()) {
            return;
        }
        String mapped = switch (level.trim().toLowerCase(Locale.ROOT)) {
            case "fatal" -> "error";
            case "silent" -> "off";
            case "trace", "debug", "info", "warn", "error" -> level.trim().toLowerCase(Locale.ROOT);
            default -> null; // IngressConfigLoader reports the bad value
        };
        if (mapped != null) {
            environment.getPropertySources().addFirst(new MapPropertySource("ingress-log-level",
                    Map.of("logging.level.root", mapped, "logging.level.com.jarvis", mapped)));
        }
    }
}
