package com.jarvis.ingress.ratelimit;

import com.jarvis.ingress.auth.AuthenticatedDevice;
import com.jarvis.ingress.error.ServiceException;
import com.jarvis.ingress.web.ClientAddress;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Applies the REST policies after authentication: per client IP on register/refresh; per user on every
 * authenticated route, plus a per-user policy of its own on the expensive ones (session create, WebRTC
 * signalling, WHIP). Every response of a limited route carries RateLimit-Policy and RateLimit; a refused one is a 429
 * with Retry-After and {@code {error:{code:"rate_limited"}}}.
 */
public class RateLimitInterceptor implements HandlerInterceptor {
    /** Where AuthenticationInterceptor leaves the caller. */
    private static final String CALLER = AuthenticatedDevice.class.getName();

    private final RateLimitService limits;
    private final boolean trustProxy;

    public RateLimitInterceptor(RateLimitService limits, boolean trustProxy) {
        this.limits = limits;
        this.trustProxy = trustProxy;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        // An async dispatch (an SSE stream completing) continues a request already checked: checking it again
        // would spend a second token, or refuse a token that expired while the stream was open.
        if ("OPTIONS".equals(request.getMethod()) || request.getDispatcherType() == DispatcherType.ASYNC) {
            return true;
        }
        RateLimitConfig config = limits.config();
        String path = servedRoute(request);
        boolean post = "POST".equals(request.getMethod());
        List<Decision> decisions = new ArrayList<>(2);
        if (post && path.equals("/api/auth/register")) {
            decisions.add(limits.check(RateLimitService.ipKey(ClientAddress.of(request, trustProxy)), config.register()));
        } else if (post && path.equals("/api/auth/refresh")) {
            decisions.add(limits.check(RateLimitService.ipKey(ClientAddress.of(request, trustProxy)), config.refresh()));
        } else if (request.getAttribute(CALLER) instanceof AuthenticatedDevice caller) {
            String key = RateLimitService.userKey(caller.userId());
            List<RateLimitPolicy> policies = new ArrayList<>(3);
            if (post && (path.equals("/api/session/create") || createsWhipSession(request, path))) {
                policies.add(config.sessionCreate());
            }
            if (path.startsWith("/api/webrtc/") || path.startsWith("/api/whip")) {
                policies.add(config.webrtc());
            }
            policies.add(config.user());
            // The narrower policies first: a request they refuse does not also spend the user's general quota.
            decisions.addAll(limits.checkAll(key, policies));
        }
        if (decisions.isEmpty()) {
            return true;
        }
        response.setHeader(RateLimitHeaders.POLICY, RateLimitHeaders.policy(decisions));
        response.setHeader(RateLimitHeaders.STATE, RateLimitHeaders.state(decisions));
        long retryAfter = RateLimitHeaders.retryAfter(decisions);
        if (retryAfter > 0) {
            response.setHeader("Retry-After", Long.toString(retryAfter));
            // Retry-After is already set above, with the RateLimit fields it belongs to.
            throw ServiceException.tooManyRequests("rate_limited",
                    "Too many requests; retry after " + retryAfter + " s", 0);
        }
        return true;
    }

    /** A WHIP publish without {@code ?sessionId=} creates a session, so it also spends the session-create bucket. */
    private static boolean createsWhipSession(HttpServletRequest request, String path) {
        return path.equals("/api/whip") && request.getParameter("sessionId") == null;
    }

    /**
     * The route template of the handler that will serve the request, e.g. {@code /api/session/create}. Never the
     * raw path: {@code /api/auth/register;x} or {@code /api/auth/%72egister} are served by the same handler and
     * must spend the same bucket.
     */
    static String servedRoute(HttpServletRequest request) {
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        return pattern instanceof String p ? p : "";
    }
}
