package com.jarvis.ingress.grpc;

import com.jarvis.ingress.auth.AuthenticatedDevice;
import io.grpc.Context;

/** What the interceptors learn about a call and leave in its gRPC {@link Context} for the service methods. */
public final class GrpcCallContext {
    /** The caller proven by the access token; set by {@link GrpcAuthInterceptor}. */
    public static final Context.Key<AuthenticatedDevice> CALLER = Context.key("jarvis-caller");
    /** The call's correlation id (the client's {@code x-request-id} or a generated one). */
    public static final Context.Key<String> REQUEST_ID = Context.key("jarvis-request-id");

    private GrpcCallContext() {
    }

    /** The authenticated caller of the current call; only services behind {@link GrpcAuthInterceptor} have one. */
    public static AuthenticatedDevice caller() {
        AuthenticatedDevice caller = CALLER.get();
        if (caller == null) {
            throw new IllegalStateException("No authenticated caller: the service is not behind GrpcAuthInterceptor");
        }
        return caller;
    }
}
