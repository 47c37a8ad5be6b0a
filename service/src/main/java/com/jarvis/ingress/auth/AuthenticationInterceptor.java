package com.jarvis.ingress.auth;

import com.jarvis.ingress.error.ServiceException;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Requires a valid, unrevoked access token ({@code Authorization: Bearer ...}) on every route it is registered
 * for, and leaves the caller in a request attribute for {@link AuthenticatedDeviceResolver}.
 */
public class AuthenticationInterceptor implements HandlerInterceptor {
    static final String ATTRIBUTE = AuthenticatedDevice.class.getName();

    private final AuthService auth;

    public AuthenticationInterceptor(AuthService auth) {
        this.auth = auth;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        // An async dispatch (an SSE stream completing) continues a request already checked: checking it again
        // would spend a second token, or refuse a token that expired while the stream was open.
        if ("OPTIONS".equals(request.getMethod()) || request.getDispatcherType() == DispatcherType.ASYNC) {
            return true;
        }
        String header = request.getHeader("Authorization");
        if (header == null || header.isBlank()) {
            throw ServiceException.unauthenticated("missing_token", "Authorization: Bearer <accessToken> is required");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ServiceException.unauthenticated("invalid_token", "Authorization must use the Bearer scheme");
        }
        request.setAttribute(ATTRIBUTE, auth.authenticate(header.substring(7).trim()));
        return true;
    }
}
