package com.jarvis.ingress.auth;

import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Everything under /api requires an access token, except registering and refreshing. */
@Configuration(proxyBeanMethods = false)
public class AuthWebConfig implements WebMvcConfigurer {
    private final AuthService auth;

    public AuthWebConfig(AuthService auth) {
        this.auth = auth;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new AuthenticationInterceptor(auth))
                .addPathPatterns("/api/**")
                .excludePathPatterns("/api/auth/register", "/api/auth/refresh");
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new AuthenticatedDeviceResolver());
    }
}
