package com.jarvis.ingress.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every call a correlation id: the client's {@code x-request-id} metadata when it is a sane token, a new
 * UUID otherwise. It is put in the call's Context and echoed in the response headers (in the trailers when the
 * call ends without headers, e.g. refused by authentication).
 */
public class RequestIdInterceptor implements ServerInterceptor {
    public static final Metadata.Key<String> REQUEST_ID =
            Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);
    /** Printable, no spaces, bounded: anything else could forge log lines or bloat them, so it is replaced. */
    private static final Pattern ACCEPTED = Pattern.compile("[!-~]{1,128}");

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        String requestId = requestId(headers.get(REQUEST_ID));
        ServerCall<Q, R> echoing = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            private boolean headersSent;

            @Override
            public void sendHeaders(Metadata responseHeaders) {
                responseHeaders.put(REQUEST_ID, requestId);
                headersSent = true;
                super.sendHeaders(responseHeaders);
            }

            @Override
            public void close(Status status, Metadata trailers) {
                if (!headersSent) {
                    trailers.put(REQUEST_ID, requestId);
                }
                super.close(status, trailers);
            }
        };
        Context context = Context.current().withValue(GrpcCallContext.REQUEST_ID, requestId);
        return Contexts.interceptCall(context, echoing, headers, next);
    }

    static String requestId(String given) {
        return given != null && ACCEPTED.matcher(given).matches() ? given : UUID.randomUUID().toString();
    }
}
