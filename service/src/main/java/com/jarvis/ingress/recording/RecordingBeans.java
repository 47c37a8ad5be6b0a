package com.jarvis.ingress.recording;

import com.jarvis.ingress.config.IngressConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The embedded audio sink: the WAV directory and its retention always (files of an earlier run still expire and can
 * still be fetched); the recorder itself only when no ASR_GATEWAY_URL is set, since then nothing else receives the
 * sessions' audio.
 */
@Configuration(proxyBeanMethods = false)
public class RecordingBeans {
    private static final Logger log = LoggerFactory.getLogger(RecordingBeans.class);

    @Bean
    public RecordingConfig recordingConfig(Environment environment, IngressConfig ingress) {
        RecordingConfig config = RecordingConfig.load(environment::getProperty, ingress.dataDir());
        log.info("Audio files: {}", config);
        return config;
    }

    @Bean
    public AudioFiles audioFiles(RecordingConfig config) {
        return new AudioFiles(config.directory());
    }

    @Bean
    public AudioRetention audioRetention(AudioFiles files, JdbcClient jdbc, RecordingConfig config, Clock clock,
                                         MeterRegistry meters) {
        return new AudioRetention(files, new SessionEndTimes(jdbc), config, clock, meters);
    }

    @Bean
    @Conditional(NoAsrGateway.class)
    public AudioRecorder audioRecorder(AudioFiles files, RecordingConfig config, MeterRegistry meters) {
        return new AudioRecorder(files, config, meters);
    }

    /** True when ASR_GATEWAY_URL is unset or blank. */
    static class NoAsrGateway implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String url = context.getEnvironment().getProperty("ASR_GATEWAY_URL");
            return url == null || url.isBlank();
        }
    }
}
