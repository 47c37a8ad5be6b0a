package com.jarvis.ingress.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * CORS for /api/** from the CORS_ORIGINS allow-list. Preflights are answered here, before authentication and rate
 * limiting see them. An actual request from an origin not on the list is still served, just without CORS headers,
 * so the browser keeps the response from the page. No credentials mode: the API uses bearer tokens, not cookies.
 */
public class CorsAllowListFilter extends OncePerRequestFilter implements Ordered {
    static final String ALLOW_METHODS = "GET, POST, PATCH, DELETE";
    static final String ALLOW_HEADERS = "Authorization, Content-Type, If-Match, X-Request-Id";
    /** WHIP (RFC 9725) clients read Location, ETag, Link and the session id of a 201, Accept-Patch of OPTIONS. */
    static final String EXPOSE_HEADERS = "RateLimit, RateLimit-Policy, Retry-After, X-Request-Id, Location, ETag, "
            + "Link, X-Session-Id, Accept-Post, Accept-Patch";
    static final String WHIP_PATH = "/api/whip";

    private final WebSecurityConfig config;

    public CorsAllowListFilter(WebSecurityConfig config) {
        this.config = config;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 5;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String origin = request.getHeader("Origin");
        boolean preflight = "OPTIONS".equals(request.getMethod()) && origin != null
                && request.getHeader("Access-Control-Request-Method") != null;
        if (config.corsEnabled()) {
            response.addHeader("Vary", "Origin");
        }
        boolean allowed = origin != null && config.corsEnabled() && config.allows(origin);
        if (allowed) {
            response.setHeader("Access-Control-Allow-Origin", config.anyOrigin() ? "*" : origin);
        }
        if (!preflight) {
            if (allowed) {
                response.setHeader("Access-Control-Expose-Headers", EXPOSE_HEADERS);
            }
            chain.doFilter(request, response);
            return;
        }
        if (!allowed) {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setContentType("application/json");
            response.getWriter().write("{\"error\":{\"code\":\"cors_origin_not_allowed\","
                    + "\"message\":\"This origin may not call the API from a browser\"}}");
            return;
        }
        if (request.getRequestURI().equals(WHIP_PATH)) {
            response.setHeader("Accept-Post", "application/sdp"); // RFC 9725 section 4.2, also on a preflight
        }
        response.setHeader("Access-Control-Allow-Methods", ALLOW_METHODS);
        response.setHeader("Access-Control-Allow-Headers", ALLOW_HEADERS);
        response.setHeader("Access-Control-Max-Age", "600");
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }
}
