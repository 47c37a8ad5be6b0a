package com.jarvis.ingress.grpc;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Requests that protobuf cannot parse (truncated, or nested beyond the recursion limit, such as a Struct of 90
 * levels) answer INVALID_ARGUMENT. grpc-java parses before any interceptor runs and turns a parse failure into
 * UNKNOWN "Application error processing RPC" with an ERROR log, so the request marshaller here never throws: it
 * returns the empty message carrying a marker field, and {@link #rejectMarked()} closes such calls.
 */
final class TolerantRequests {
    /** Enough for 64-level Structs (Struct, map entry and Value are three message levels each) and more. */
    static final int RECURSION_LIMIT = 400;
    /** The largest field number protobuf allows: no message of ours uses it. */
    private static final int MARKER_FIELD = 536_870_911;

    private TolerantRequests() {
    }

    /** The service with every method's request marshaller replaced by a tolerant one. */
    static ServerServiceDefinition of(ServerServiceDefinition service) {
        ServiceDescriptor original = service.getServiceDescriptor();
        List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
        for (ServerMethodDefinition<?, ?> m : service.getMethods()) {
            methods.add(tolerant(m));
        }
        ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(original.getName())
                .setSchemaDescriptor(original.getSchemaDescriptor());
        methods.forEach(m -> descriptor.addMethod(m.getMethodDescriptor()));
        ServerServiceDefinition.Builder out = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(out::addMethod);
        return ServerInterceptors.intercept(out.build(), rejectMarked());
    }

    private static <Q, R> ServerMethodDefinition<Q, R> tolerant(ServerMethodDefinition<Q, R> m) {
        MethodDescriptor<Q, R> method = m.getMethodDescriptor();
        MethodDescriptor.Marshaller<Q> strict = method.getRequestMarshaller();
        if (!(strict instanceof MethodDescriptor.PrototypeMarshaller<Q> proto)
                || !(proto.getMessagePrototype() instanceof Message prototype)) {
            return m;
        }
        MethodDescriptor.Marshaller<Q> lenient = new MethodDescriptor.Marshaller<>() {
            @Override
            public InputStream stream(Q value) {
                return strict.stream(value);
            }

            @Override
            @SuppressWarnings("unchecked")
            public Q parse(InputStream stream) {
                try (stream) {
                    CodedInputStream in = CodedInputStream.newInstance(stream);
                    in.setRecursionLimit(RECURSION_LIMIT);
                    Message parsed = prototype.getParserForType().parseFrom(in);
                    in.checkLastTagWas(0);
                    return (Q) parsed;
                } catch (InvalidProtocolBufferException e) {
                    return (Q) prototype.toBuilder().setUnknownFields(UnknownFieldSet.newBuilder()
                            .addField(MARKER_FIELD, UnknownFieldSet.Field.newBuilder().addVarint(1).build())
                            .build()).build();
                } catch (IOException e) {
                    throw Status.INTERNAL.withDescription("Request could not be read").withCause(e).asRuntimeException();
                }
            }
        };
        return ServerMethodDefinition.create(method.toBuilder().setRequestMarshaller(lenient).build(),
                m.getServerCallHandler());
    }

    static boolean isMarked(Object message) {
        return message instanceof Message m && m.getUnknownFields().hasField(MARKER_FIELD);
    }

    /** Closes a call whose request could not be parsed with INVALID_ARGUMENT, before the service sees it. */
    static ServerInterceptor rejectMarked() {
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                                ServerCallHandler<Q, R> next) {
                ServerCall.Listener<Q> delegate = next.startCall(call, headers);
                return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
                    private boolean rejected;

                    @Override
                    public void onMessage(Q message) {
                        if (rejected) {
                            return;
                        }
                        if (isMarked(message)) {
                            rejected = true;
                            Metadata trailers = new Metadata();
                            trailers.put(GrpcErrors.ERROR_CODE, "validation_error");
                            call.close(Status.INVALID_ARGUMENT.withDescription(
                                    "request: not a valid message (malformed, or nested deeper than "
                                            + "Structs may be)"), trailers);
                            return;
                        }
                        super.onMessage(message);
                    }

                    @Override
                    public void onHalfClose() {
                        if (!rejected) {
                            super.onHalfClose();
                        }
                    }
                };
            }
        };
    }
}
