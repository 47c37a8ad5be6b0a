package com.jarvis.ingress.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The usual secure headers on every response, errors included (they are set before anything can fail). We serve
 * only JSON, so the content security policy forbids everything. HSTS only over HTTPS: sent on plain HTTP it is
 * ignored by browsers and misleading.
 */
public class SecurityHeadersFilter extends OncePerRequestFilter implements Ordered {
    static final String HSTS = "max-age=31536000; includeSubDomains";

    private final boolean trustProxy;

    public SecurityHeadersFilter(boolean trustProxy) {
        this.trustProxy = trustProxy;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        apply(response, request.isSecure()
                || trustProxy && "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto")));
        chain.doFilter(request, response);
    }

    /** The headers, also for responses Tomcat makes itself ({@link JsonErrorReportValve}). */
    static void apply(HttpServletResponse response, boolean secure) {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        response.setHeader("X-Frame-Options", "DENY");
        if (secure) {
            response.setHeader("Strict-Transport-Security", HSTS);
        }
        // Sessions and tokens must not sit in shared or browser caches. Every response, not only those under a
        // raw "/api/" prefix: "/api;x/..." is served by the same handlers.
        response.setHeader("Cache-Control", "no-store");
    }
}
