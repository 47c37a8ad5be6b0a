package com.jarvis.ingress.session.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.grpc.GrpcServer;
import com.jarvis.ingress.grpc.v1.SessionEvent;
import com.jarvis.ingress.grpc.v1.SessionServiceGrpc;
import com.jarvis.ingress.grpc.v1.WatchSessionRequest;
import com.jarvis.ingress.support.ApiClient;
import com.jarvis.ingress.support.GrpcIntegrationTest;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import com.jarvis.ingress.support.SseStream;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Open event streams must not hold a shutdown for the servers' 30 s grace: they are cut first (SSE completes,
 * WatchSession ends UNAVAILABLE) so clients reconnect to another instance at once.
 */
class SessionEventsShutdownIT {

    @Test
    void shuttingDownCutsOpenStreamsInsteadOfWaitingForThem() throws Exception {
        String db = PostgresTestDatabase.create("ingress_events_shutdown");
        ServiceInstance instance = ServiceInstance.start(Map.of("DATABASE_URL", PostgresTestDatabase.url(db),
                "REDIS_URL", "redis://127.0.0.1:6379"));
        ApiClient api = instance.api();
        String token = api.newAccessToken();
        SseStream sse = SseStream.open(instance.port(), "/api/session/" + api.createSession(token) + "/events", token);
        assertThat(sse.next().name()).isEqualTo("state");

        ManagedChannel channel = GrpcIntegrationTest.channelTo(instance.bean(GrpcServer.class).getPort());
        Metadata headers = new Metadata();
        headers.put(GrpcIntegrationTest.AUTHORIZATION, "Bearer " + token);
        BlockingQueue<Object> grpc = new LinkedBlockingQueue<>();
        SessionServiceGrpc.newStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .watchSession(WatchSessionRequest.newBuilder().setSessionId(api.createSession(token)).build(),
                        new StreamObserver<>() {
                            @Override
                            public void onNext(SessionEvent value) {
                                grpc.add(value);
                            }

                            @Override
                            public void onError(Throwable t) {
                                grpc.add(Status.fromThrowable(t));
                            }

                            @Override
                            public void onCompleted() {
                                grpc.add(Status.OK);
                            }
                        });
        assertThat(grpc.poll(20, TimeUnit.SECONDS)).isInstanceOf(SessionEvent.class);

        long start = System.nanoTime();
        try {
            instance.close();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            // Had the streams been waited for, each server would have used its whole 30 s grace.
            assertThat(took).isLessThan(Duration.ofSeconds(20));
            sse.awaitEnd();
            Object end = grpc.poll(5, TimeUnit.SECONDS);
            assertThat(end).isInstanceOf(Status.class);
            assertThat(((Status) end).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        } finally {
            sse.close();
            channel.shutdownNow();
        }
    }
}
