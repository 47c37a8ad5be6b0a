package com.jarvis.ingress.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import com.jarvis.ingress.observability.RequestIds;
import org.slf4j.MDC;
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
    private static final org.slf4j.Logger access = org.slf4j.LoggerFactory.getLogger("com.jarvis.ingress.access");
    public static final Metadata.Key<String> REQUEST_ID =
            Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);
    /** Printable, no spaces, bounded: anything else could forge log lines or bloat them, so it is replaced. */
    private static final Pattern ACCEPTED = Pattern.compile("[!-~]{1,128}");

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        String requestId = requestId(headers.get(REQUEST_ID));
        long started = System.nanoTime();
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
                // One access line per call, like HTTP's, carrying the request id (before the client can see the end).
                MDC.put(RequestIds.MDC_KEY, requestId);
                try {
                    access.atInfo().addKeyValue("method", call.getMethodDescriptor().getFullMethodName())
                            .addKeyValue("status", status.getCode().name())
                            .addKeyValue("durationMs", (System.nanoTime() - started) / 1_000_000)
                            .log("grpc {} {}", call.getMethodDescriptor().getFullMethodName(), status.getCode());
                } finally {
                    MDC.remove(RequestIds.MDC_KEY);
                }
                super.close(status, trailers);
            }
        };
        Context context = Context.current().withValue(GrpcCallContext.REQUEST_ID, requestId);
        return new MdcListener<>(Contexts.interceptCall(context, echoing, headers, next), requestId);
    }

    /** Puts the request id in the logging context (MDC) around every callback, so the call's log lines carry it. */
    private static final class MdcListener<Q> extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {
        private final String requestId;

        MdcListener(ServerCall.Listener<Q> delegate, String requestId) {
            super(delegate);
            this.requestId = requestId;
        }

        private void run(Runnable r) {
            MDC.put(RequestIds.MDC_KEY, requestId);
            try {
                r.run();
            } finally {
                MDC.remove(RequestIds.MDC_KEY);
            }
        }

        @Override
        public void onMessage(Q message) {
            run(() -> super.onMessage(message));
        }

        @Override
        public void onHalfClose() {
            run(super::onHalfClose);
        }

        @Override
        public void onCancel() {
            run(super::onCancel);
        }

        @Override
        public void onComplete() {
            run(super::onComplete);
        }

        @Override
        public void onReady() {
            run(super::onReady);
        }
    }

    static String requestId(String given) {
        return given != null && ACCEPTED.matcher(given).matches() ? given : UUID.randomUUID().toString();
    }
}
