package com.jarvis.ingress.web;

import com.jarvis.ingress.error.ServiceException;
import org.springframework.http.HttpStatus;

/**
 * A refusal raised by an HTTP-only edge component that thinks in statuses (today only
 * {@code ratelimit.RateLimitInterceptor}). It is a {@link ServiceException} of the matching kind, so
 * {@link ApiExceptionHandler} answers it like any other. New code throws {@link ServiceException} directly.
 */
public class ApiException extends ServiceException {
    public ApiException(HttpStatus status, String code, String message) {
        this(status, code, message, 0);
    }

    public ApiException(HttpStatus status, String code, String message, long retryAfterSeconds) {
        super(kindOf(status), code, message, retryAfterSeconds);
    }

    static Kind kindOf(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> Kind.INVALID;
            case UNAUTHORIZED -> Kind.UNAUTHENTICATED;
            case FORBIDDEN -> Kind.FORBIDDEN;
            case NOT_FOUND -> Kind.NOT_FOUND;
            case CONFLICT -> Kind.CONFLICT;
            case TOO_MANY_REQUESTS -> Kind.TOO_MANY_REQUESTS;
            case PAYLOAD_TOO_LARGE -> Kind.PAYLOAD_TOO_LARGE;
            case SERVICE_UNAVAILABLE -> Kind.UNAVAILABLE;
            default -> Kind.INTERNAL;
        };
    }
}
