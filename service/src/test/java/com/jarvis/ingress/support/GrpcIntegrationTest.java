package com.jarvis.ingress.support;

import com.jarvis.ingress.grpc.GrpcServer;
import com.jarvis.ingress.grpc.v1.SessionServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Integration tests of the gRPC API: the shared service context of {@link IntegrationTest} and a real grpc-java
 * client over the network port the {@link GrpcServer} bound.
 */
public abstract class GrpcIntegrationTest extends IntegrationTest {
    public static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    @Autowired
    protected GrpcServer grpcServer;
    protected ManagedChannel channel;

    @BeforeEach
    void openChannel() {
        channel = channelTo(grpcServer.getPort());
    }

    @AfterEach
    void closeChannel() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    public static ManagedChannel channelTo(int port) {
        return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    /** A blocking stub sending {@code authorization: Bearer token} (none when token is null). */
    protected SessionServiceGrpc.SessionServiceBlockingStub sessions(String token) {
        return sessions(channel, token);
    }

    public static SessionServiceGrpc.SessionServiceBlockingStub sessions(ManagedChannel channel, String token) {
        Metadata headers = new Metadata();
        if (token != null) {
            headers.put(AUTHORIZATION, "Bearer " + token);
        }
        return SessionServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    /** The StatusRuntimeException the call throws (fails the test when it succeeds or throws something else). */
    public static StatusRuntimeException failure(ThrowableAssert.ThrowingCallable call) {
        try {
            call.call();
        } catch (StatusRuntimeException e) {
            return e;
        } catch (Throwable t) {
            throw new AssertionError("expected a StatusRuntimeException, got " + t, t);
        }
        throw new AssertionError("expected the call to fail, but it succeeded");
    }
}
