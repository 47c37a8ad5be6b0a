package com.jarvis.ingress.grpc;

import com.jarvis.ingress.error.ServiceException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/**
 * Maps the service's failures to gRPC statuses, as ApiExceptionHandler maps them to HTTP: the same message for
 * client errors (validation messages name the field), nothing internal for the rest. The service's error code
 * (e.g. {@code token_revoked}) travels in the {@code error-code} trailer.
 */
public final class GrpcErrors {
    public static final Metadata.Key<String> ERROR_CODE =
            Metadata.Key.of("error-code", Metadata.ASCII_STRING_MARSHALLER);
    private static final Logger log = LoggerFactory.getLogger(GrpcErrors.class);

    private GrpcErrors() {
    }

    public static StatusRuntimeException toStatusException(Throwable e) {
        if (e instanceof StatusRuntimeException already) {
            return already;
        }
        Metadata trailers = new Metadata();
        Status status;
        if (e instanceof ServiceException api) {
            status = statusOf(api);
            trailers.put(ERROR_CODE, api.code());
        } else if (isDatabaseDown(e)) {
            log.warn("Database unavailable: {}", e.getMessage());
            status = Status.UNAVAILABLE.withDescription("The database is unavailable; try again shortly");
            trailers.put(ERROR_CODE, "database_unavailable");
        } else {
            log.error("Unhandled error in a gRPC call", e);
            status = Status.INTERNAL.withDescription("Internal server error");
            trailers.put(ERROR_CODE, "internal_error");
        }
        return status.asRuntimeException(trailers);
    }

    /** The one place a domain refusal becomes a gRPC status: client errors keep their message, ours do not. */
    static Status statusOf(ServiceException e) {
        Status status = switch (e.kind()) {
            case INVALID, PAYLOAD_TOO_LARGE -> Status.INVALID_ARGUMENT;
            case UNAUTHENTICATED -> Status.UNAUTHENTICATED;
            case FORBIDDEN -> Status.PERMISSION_DENIED;
            case NOT_FOUND -> Status.NOT_FOUND;
            case CONFLICT -> Status.FAILED_PRECONDITION;
            case TOO_MANY_REQUESTS -> Status.RESOURCE_EXHAUSTED;
            case UNAVAILABLE -> Status.UNAVAILABLE;
            case INTERNAL -> null;
        };
        if (status == null) {
            log.error("Service error {} in a gRPC call: {}", e.code(), e.getMessage());
            return Status.INTERNAL.withDescription("Internal server error");
        }
        return status.withDescription(e.getMessage());
    }

    /** The exceptions REST answers with 503 database_unavailable. */
    static boolean isDatabaseDown(Throwable e) {
        return e instanceof CannotGetJdbcConnectionException || e instanceof CannotCreateTransactionException
                || e instanceof DataAccessResourceFailureException || e instanceof TransientDataAccessException;
    }
}
