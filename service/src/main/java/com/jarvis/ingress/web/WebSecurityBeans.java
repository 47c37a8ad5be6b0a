package com.jarvis.ingress.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** CORS and secure headers, configured from TRUST_PROXY and CORS_ORIGINS. */
@Configuration(proxyBeanMethods = false)
public class WebSecurityBeans {
    private static final Logger log = LoggerFactory.getLogger(WebSecurityBeans.class);

    @Bean
    public WebSecurityConfig webSecurityConfig(Environment environment) {
        WebSecurityConfig config = WebSecurityConfig.load(environment::getProperty);
        log.info("Web security: trustProxy={}, corsOrigins={}", config.trustProxy(),
                config.corsEnabled() ? config.corsOrigins() : "none");
        return config;
    }

    @Bean
    public FilterRegistrationBean<SecurityHeadersFilter> securityHeadersFilter(WebSecurityConfig config) {
        SecurityHeadersFilter filter = new SecurityHeadersFilter(config.trustProxy());
        FilterRegistrationBean<SecurityHeadersFilter> reg = new FilterRegistrationBean<>(filter);
        reg.setOrder(filter.getOrder());
        reg.setDispatcherTypes(jakarta.servlet.DispatcherType.REQUEST, jakarta.servlet.DispatcherType.ERROR);
        return reg;
    }

    @Bean
    public FilterRegistrationBean<CorsAllowListFilter> corsAllowListFilter(WebSecurityConfig config) {
        CorsAllowListFilter filter = new CorsAllowListFilter(config);
        FilterRegistrationBean<CorsAllowListFilter> reg = new FilterRegistrationBean<>(filter);
        reg.setOrder(filter.getOrder());
        return reg;
    }
}
