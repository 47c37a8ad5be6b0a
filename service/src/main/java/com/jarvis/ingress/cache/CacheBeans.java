package com.jarvis.ingress.cache;

import com.jarvis.ingress.config.IngressConfig;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Redis when REDIS_URL is set (short timeouts, so an outage fails over fast), an in-process cache otherwise. */
@Configuration(proxyBeanMethods = false)
public class CacheBeans {
    private static final Logger log = LoggerFactory.getLogger(CacheBeans.class);
    static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);
    /** Token-family states held in memory at most (about 200 bytes each), and for at most their Redis TTL. */
    static final int NEAR_ENTRIES = 100_000;
    static final Duration NEAR_MAX_AGE = Duration.ofSeconds(30);

    /** Short connect and command timeouts, and no queueing while disconnected: an outage fails over fast. */
    static ClientOptions clientOptions() {
        return ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(COMMAND_TIMEOUT).build())
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build();
    }

    /** Built here rather than by Boot's auto-configuration so that no Redis is touched without REDIS_URL. */
    static LettuceConnectionFactory redisConnectionFactory(IngressConfig config) {
        return redisConnectionFactory(config, null);
    }

    /** With {@code resources} (e.g. the traced ones of the observability package) when given. */
    static LettuceConnectionFactory redisConnectionFactory(IngressConfig config, ClientResources resources) {
        RedisURI uri = RedisURI.create(config.redisUrl());
        RedisStandaloneConfiguration standalone = new RedisStandaloneConfiguration(uri.getHost(), uri.getPort());
        standalone.setDatabase(uri.getDatabase());
        if (uri.getUsername() != null) {
            standalone.setUsername(uri.getUsername());
        }
        if (uri.getPassword() != null) {
            standalone.setPassword(uri.getPassword());
        }
        LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder()
                .commandTimeout(COMMAND_TIMEOUT)
                .clientOptions(clientOptions());
        if (uri.isSsl()) {
            client.useSsl();
        }
        if (resources != null) {
            client.clientResources(resources);
        }
        LettuceConnectionFactory factory = new LettuceConnectionFactory(standalone, client.build());
        factory.setValidateConnection(false);
        factory.afterPropertiesSet();
        factory.start();
        log.info("Using Redis at {}:{} for the cache", uri.getHost(), uri.getPort());
        return factory;
    }

    @Bean(destroyMethod = "close")
    public KeyValueCache keyValueCache(IngressConfig config, Clock clock, ObjectProvider<ClientResources> resources) {
        if (config.embeddedCache()) {
            log.warn("REDIS_URL is not set: using an in-process cache (single instance only)");
            return new InProcessCache(clock, 50_000);
        }
        ClientResources shared = resources.getIfAvailable();
        LettuceConnectionFactory factory = redisConnectionFactory(config, shared);
        StringRedisTemplate template = new StringRedisTemplate(factory);
        template.afterPropertiesSet();
        RedisCache redis = new RedisCache(template, factory::destroy, clock);
        // Token-family states are read on every authenticated request and change only when revoked (a delete):
        // served from memory, invalidated by Redis client tracking.
        RedisURI uri = RedisURI.create(config.redisUrl());
        uri.setTimeout(COMMAND_TIMEOUT);
        return TrackedNearCache.tracking(redis, uri, clientOptions(), shared, CacheKeys.TOKEN_FAMILY_PREFIX,
                NEAR_ENTRIES, NEAR_MAX_AGE);
    }
}
