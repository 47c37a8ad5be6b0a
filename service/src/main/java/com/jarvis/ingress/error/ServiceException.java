package com.jarvis.ingress.error;

/**
 * A request the service refuses, in domain terms: what kind of refusal, a stable error code (e.g.
 * {@code token_revoked}) and a message for the client. Each protocol edge chooses its own answer from the kind
 * (web.ApiExceptionHandler the HTTP status, grpc.GrpcErrors the gRPC status); nothing below the edges knows HTTP or
 * gRPC. Refusals that pass with time (capacity, quotas) carry the seconds a client should wait.
 */
public class ServiceException extends RuntimeException {
    /** What went wrong, from the caller's point of view. */
    public enum Kind {
        /** The input breaks a rule (the message names the field). */
        INVALID,
        /** No usable credentials. */
        UNAUTHENTICATED,
        /** Credentials are fine but do not allow this. */
        FORBIDDEN,
        NOT_FOUND,
        /** The target's state does not allow this (e.g. a closed session, a taken identifier). */
        CONFLICT,
        /** A quota or rate of this caller is used up for now. */
        TOO_MANY_REQUESTS,
        /** The request is larger than allowed. */
        PAYLOAD_TOO_LARGE,
        /** This instance or a dependency cannot serve now; try again later. */
        UNAVAILABLE,
        /** A fault of ours; the client learns nothing more. */
        INTERNAL
    }

    private final Kind kind;
    private final String code;
    private final long retryAfterSeconds;

    public ServiceException(Kind kind, String code, String message) {
        this(kind, code, message, 0);
    }

    /** With {@code retryAfterSeconds} > 0 the client is told to wait that long (HTTP {@code Retry-After}). */
    public ServiceException(Kind kind, String code, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.kind = kind;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    /** Seconds to wait before retrying, or 0 for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** {@code validation_error} with the message {@code "<field>: <problem>"}. */
    public static ServiceException invalid(String field, String problem) {
        return new ServiceException(Kind.INVALID, "validation_error", field + ": " + problem);
    }

    public static ServiceException unauthenticated(String code, String message) {
        return new ServiceException(Kind.UNAUTHENTICATED, code, message);
    }

    /** {@code not_found}. */
    public static ServiceException notFound(String message) {
        return new ServiceException(Kind.NOT_FOUND, "not_found", message);
    }

    public static ServiceException conflict(String code, String message) {
        return new ServiceException(Kind.CONFLICT, code, message);
    }

    public static ServiceException tooManyRequests(String code, String message, long retryAfterSeconds) {
        return new ServiceException(Kind.TOO_MANY_REQUESTS, code, message, retryAfterSeconds);
    }

    public static ServiceException unavailable(String code, String message) {
        return new ServiceException(Kind.UNAVAILABLE, code, message);
    }

    public static ServiceException unavailable(String code, String message, long retryAfterSeconds) {
        return new ServiceException(Kind.UNAVAILABLE, code, message, retryAfterSeconds);
    }
}
