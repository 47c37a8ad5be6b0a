package com.jarvis.ingress.web;

import org.springframework.http.HttpStatus;

/**
 * A request that cannot be served, with the status and the {@code {error:{code, message}}} body to answer, and for
 * refusals that pass with time (capacity, quotas) the seconds a client should wait, sent as {@code Retry-After}.
 */
public class ApiException extends RuntimeException {
    private final HttpStatus status;
    private final String code;
    private final long retryAfterSeconds;

    public ApiException(HttpStatus status, String code, String message) {
        this(status, code, message, 0);
    }

    /** With {@code retryAfterSeconds} > 0 the answer carries {@code Retry-After}. */
    public ApiException(HttpStatus status, String code, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Seconds for {@code Retry-After}, or 0 for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static ApiException invalid(String field, String problem) {
        return new ApiException(HttpStatus.BAD_REQUEST, "validation_error", field + ": " + problem);
    }

    public static ApiException unauthorized(String code, String message) {
        return new ApiException(HttpStatus.UNAUTHORIZED, code, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(HttpStatus.NOT_FOUND, "not_found", message);
    }

    public static ApiException conflict(String code, String message) {
        return new ApiException(HttpStatus.CONFLICT, code, message);
    }

    public static ApiException unavailable(String code, String message) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, code, message);
    }
}
