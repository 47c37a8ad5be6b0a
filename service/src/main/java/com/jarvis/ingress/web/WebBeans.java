package com.jarvis.ingress.web;

import org.apache.catalina.core.StandardHost;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** HTTP plumbing shared by every endpoint. */
@Configuration(proxyBeanMethods = false)
public class WebBeans {
    /** Large enough for a 64 KiB contextData inside its JSON envelope. */
    public static final long DEFAULT_MAX_BODY_BYTES = 128 * 1024;

    @Bean
    public FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(
            @Value("${MAX_BODY_BYTES:" + DEFAULT_MAX_BODY_BYTES + "}") long maxBodyBytes) {
        FilterRegistrationBean<BodyLimitFilter> reg = new FilterRegistrationBean<>(new BodyLimitFilter(maxBodyBytes));
        reg.setOrder(new BodyLimitFilter(maxBodyBytes).getOrder());
        return reg;
    }

    /** Tomcat's own error pages (for requests it refuses before Spring) in the JSON shape: {@link JsonErrorReportValve}. */
    @Bean
    public WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonContainerErrors() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
            }
        });
    }
}
