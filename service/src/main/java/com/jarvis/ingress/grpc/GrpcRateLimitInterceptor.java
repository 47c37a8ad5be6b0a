package com.jarvis.ingress.grpc;

import com.jarvis.ingress.auth.AuthenticatedDevice;
import com.jarvis.ingress.ratelimit.Decision;
import com.jarvis.ingress.ratelimit.RateLimitService;
import com.jarvis.ingress.grpc.v1.SessionServiceGrpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.List;

/**
 * The REST limits, applied to gRPC calls: StartSession takes from the user's session-create bucket, every call from
 * the user's general bucket. Over the limit: RESOURCE_EXHAUSTED with a {@code retry-after} trailer (seconds).
 * Runs after {@link GrpcAuthInterceptor}, which put the caller in the context.
 */
public class GrpcRateLimitInterceptor implements ServerInterceptor {
    static final Metadata.Key<String> RETRY_AFTER = Metadata.Key.of("retry-after", Metadata.ASCII_STRING_MARSHALLER);

    private final RateLimitService limits;

    public GrpcRateLimitInterceptor(RateLimitService limits) {
        this.limits = limits;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        AuthenticatedDevice caller = GrpcCallContext.CALLER.get();
        if (caller != null && limits.enabled()) {
            String key = RateLimitService.userKey(caller.userId());
            boolean start = SessionServiceGrpc.getStartSessionMethod().getFullMethodName()
                    .equals(call.getMethodDescriptor().getFullMethodName());
            List<Decision> decisions = limits.checkAll(key, start
                    ? List.of(limits.config().sessionCreate(), limits.config().user()) : List.of(limits.config().user()));
            Decision refused = decisions.get(decisions.size() - 1);
            if (!refused.allowed()) {
                Metadata trailers = new Metadata();
                trailers.put(RETRY_AFTER, Long.toString(refused.retryAfterSeconds()));
                trailers.put(GrpcErrors.ERROR_CODE, "rate_limited");
                call.close(Status.RESOURCE_EXHAUSTED.withDescription("Rate limit '" + refused.policy().name()
                        + "' exceeded; retry after " + refused.retryAfterSeconds() + " s"), trailers);
                return new ServerCall.Listener<>() {
                };
            }
        }
        return next.startCall(call, headers);
    }
}
