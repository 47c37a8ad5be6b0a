package com.jarvis.ingress.grpc;

import com.jarvis.ingress.observability.IngressMetrics;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Locale;

/**
 * Counts failed gRPC calls in {@code ingress_errors_total} like failed HTTP requests: {@code type} is the
 * service's error code (the {@code error-code} trailer) or else the status code's name, {@code endpoint} the
 * full method name.
 */
final class GrpcErrorMetricsInterceptor implements ServerInterceptor {
    private final IngressMetrics metrics;

    GrpcErrorMetricsInterceptor(IngressMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                if (!status.isOk()) {
                    String code = trailers.get(GrpcErrors.ERROR_CODE);
                    metrics.error(code != null ? code : status.getCode().name().toLowerCase(Locale.ROOT),
                            call.getMethodDescriptor().getFullMethodName());
                }
                super.close(status, trailers);
            }
        }, headers);
    }
}
