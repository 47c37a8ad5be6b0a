package com.jarvis.ingress.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The usual secure headers on every response, errors included (they are set before anything can fail). The API
 * serves only JSON, so its content security policy forbids everything. The console page ({@code /},
 * {@code /index.html} and {@code /console/*}, see docs/console.md) gets a policy that allows exactly its own
 * scripts, styles, images, the blob: URL of a recording, same-origin fetches, and the microphone. The path is the
 * servlet path (decoded, normalised, path parameters removed), the same one the handlers are chosen by. HSTS only
 * over HTTPS: sent on plain HTTP it is ignored by browsers and misleading.
 */
public class SecurityHeadersFilter extends OncePerRequestFilter implements Ordered {
    static final String HSTS = "max-age=31536000; includeSubDomains";
    static final String API_CSP = "default-src 'none'; frame-ancestors 'none'";
    static final String CONSOLE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "media-src 'self' blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    static final String CONSOLE_PERMISSIONS = "microphone=(self), camera=(), geolocation=(), payment=(), usb=()";

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
        if (isConsole(request.getServletPath())) {
            response.setHeader("Content-Security-Policy", CONSOLE_CSP);
            response.setHeader("Permissions-Policy", CONSOLE_PERMISSIONS);
        }
        chain.doFilter(request, response);
    }

    /** The console page's files: everything else (the API, errors, unknown paths) keeps the API's policy. */
    static boolean isConsole(String servletPath) {
        return servletPath.equals("/") || servletPath.equals("/index.html") || servletPath.startsWith("/console/");
    }

    /** The headers, also for responses Tomcat makes itself ({@link JsonErrorReportValve}). */
    static void apply(HttpServletResponse response, boolean secure) {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Content-Security-Policy", API_CSP);
        response.setHeader("X-Frame-Options", "DENY");
        if (secure) {
            response.setHeader("Strict-Transport-Security", HSTS);
        }
        // Sessions and tokens must not sit in shared or browser caches. Every response, not only those under a
        // raw "/api/" prefix: "/api;x/..." is served by the same handlers.
        response.setHeader("Cache-Control", "no-store");
    }
}
