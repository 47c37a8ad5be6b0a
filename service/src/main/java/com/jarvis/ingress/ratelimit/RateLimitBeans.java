package com.jarvis.ingress.ratelimit;

import com.jarvis.ingress.config.IngressConfig;
import com.jarvis.ingress.web.WebSecurityConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Rate limiting: buckets in Redis when REDIS_URL is set, in-process otherwise; the REST interceptor. */
@Configuration(proxyBeanMethods = false)
public class RateLimitBeans {
    private static final Logger log = LoggerFactory.getLogger(RateLimitBeans.class);
    /** Bounds the in-process store: ~100 k buckets are a few tens of MB at most. */
    static final long MAX_LOCAL_BUCKETS = 100_000;

    @Bean
    public RateLimitConfig rateLimitConfig(Environment environment) {
        RateLimitConfig config = RateLimitConfig.load(environment::getProperty);
        log.info("Rate limits: {}", config);
        return config;
    }

    @Bean(destroyMethod = "close")
    public RateLimitService rateLimitService(RateLimitConfig config, IngressConfig ingress, Clock clock,
                                             ObjectProvider<MeterRegistry> meters) {
        LocalBucketStore local = new LocalBucketStore(MAX_LOCAL_BUCKETS, Duration.ofMinutes(2));
        BucketStore store = !config.enabled() || ingress.embeddedCache() ? local
                : new RedisBucketStore(ingress.redisUrl(), local, clock,
                        config.leases() ? new TokenLeases(MAX_LOCAL_BUCKETS, System::nanoTime) : null);
        return new RateLimitService(config, store, meters.getIfAvailable());
    }

    /** Runs after AuthenticationInterceptor (order 0), so per-user keys are known. Not registered when disabled. */
    @Configuration(proxyBeanMethods = false)
    static class RateLimitWebConfig implements WebMvcConfigurer {
        private final RateLimitService limits;
        private final WebSecurityConfig web;

        RateLimitWebConfig(RateLimitService limits, WebSecurityConfig web) {
            this.limits = limits;
            this.web = web;
        }

        @Override
        public void addInterceptors(InterceptorRegistry registry) {
            if (limits.enabled()) {
                registry.addInterceptor(new RateLimitInterceptor(limits, web.trustProxy()))
                        .addPathPatterns("/api/**")
                        .order(100);
            }
        }
    }
}
