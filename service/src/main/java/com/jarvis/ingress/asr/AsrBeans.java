package com.jarvis.ingress.asr;

import com.jarvis.ingress.session.SessionCache;
import com.jarvis.ingress.session.SessionRepository;
import com.jarvis.ingress.session.SessionService;
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

/**
 * The ASR configuration (always validated) and, when ASR_GATEWAY_URL is set, the gateway channel and the
 * {@link AsrForwarder}. Without it the embedded audio sink takes the audio instead.
 */
@Configuration(proxyBeanMethods = false)
public class AsrBeans {
    private static final Logger log = LoggerFactory.getLogger(AsrBeans.class);

    @Bean
    public AsrConfig asrConfig(Environment environment) {
        AsrConfig config = AsrConfigLoader.load(environment::getProperty);
        if (config.enabled()) {
            log.info("Forwarding audio to the ASR gateway at {}: {} ms frames, {} encoding, {} ms buffer per session, "
                    + "at most {} sessions", config.target(), config.frameMs(), config.encoding(), config.bufferMs(),
                    config.maxSessions());
        }
        return config;
    }

    /** True when ASR_GATEWAY_URL is set (to anything: a bad value fails in {@link #asrConfig}). */
    public static final class GatewayConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String url = context.getEnvironment().getProperty("ASR_GATEWAY_URL");
            return url != null && !url.isBlank();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(GatewayConfigured.class)
    static class Forwarding {
        @Bean(destroyMethod = "close")
        AsrGatewayChannel asrGatewayChannel(AsrConfig config) {
            return new AsrGatewayChannel(config);
        }

        @Bean(destroyMethod = "close")
        TranscriptRelay asrTranscriptRelay(SessionService sessions, AsrMetrics metrics, Clock clock) {
            return new TranscriptRelay(sessions, metrics, clock);
        }

        @Bean
        AsrForwarder asrForwarder(AsrConfig config, AsrGatewayChannel channel, AsrMetrics metrics,
                                  TranscriptRelay relay, SessionCache cache, SessionRepository repository) {
            return new AsrForwarder(config, channel, metrics, relay, cache, repository);
        }
    }
}
