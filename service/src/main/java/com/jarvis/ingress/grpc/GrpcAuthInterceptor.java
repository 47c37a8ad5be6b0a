package com.jarvis.ingress.grpc;

import com.jarvis.ingress.auth.AuthService;
import com.jarvis.ingress.auth.AuthenticatedDevice;
import com.jarvis.ingress.error.ServiceException;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;

/**
 * Requires {@code authorization: Bearer <accessToken>} metadata, checked by {@link AuthService} exactly as for
 * REST (expired, revoked or malformed tokens are refused), and puts the caller in {@link GrpcCallContext#CALLER}.
 */
public class GrpcAuthInterceptor implements ServerInterceptor {
    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final AuthService auth;

    public GrpcAuthInterceptor(AuthService auth) {
        this.auth = auth;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        AuthenticatedDevice caller;
        try {
            caller = authenticate(headers.get(AUTHORIZATION));
        } catch (RuntimeException e) {
            StatusRuntimeException refused = GrpcErrors.toStatusException(e);
            Metadata trailers = refused.getTrailers() == null ? new Metadata() : refused.getTrailers();
            call.close(refused.getStatus(), trailers);
            return new ServerCall.Listener<>() {
            };
        }
        Context context = Context.current().withValue(GrpcCallContext.CALLER, caller);
        return Contexts.interceptCall(context, call, headers, next);
    }

    private AuthenticatedDevice authenticate(String header) {
        if (header == null || header.isBlank()) {
            throw ServiceException.unauthenticated("missing_token", "authorization: Bearer <accessToken> is required");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ServiceException.unauthenticated("invalid_token", "authorization must use the Bearer scheme");
        }
        return auth.authenticate(header.substring(7).trim());
    }
}
