package com.jarvis.ingress.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.grpc.v1.StartSessionRequest;
import com.jarvis.ingress.grpc.v1.SessionServiceGrpc;
import com.jarvis.ingress.support.GrpcIntegrationTest;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** gRPC calls draw from the same per-user buckets as REST; over the limit: RESOURCE_EXHAUSTED + retry-after. */
class GrpcRateLimitIT {

    @Test
    void startSessionOverTheLimitIsResourceExhaustedAndSharesTheRestBucket() throws Exception {
        String db = PostgresTestDatabase.create("ingress_grpc_rl");
        try (ServiceInstance svc = ServiceInstance.start(Map.of("DATABASE_URL", PostgresTestDatabase.url(db),
                "REDIS_URL", "redis://127.0.0.1:6379", "RATE_LIMIT_SESSION_CREATE_PER_MIN", "3",
                "RATE_LIMIT_KEY_PREFIX", "grpc-rl-" + UUID.randomUUID() + ":"))) {
            ManagedChannel channel = GrpcIntegrationTest.channelTo(svc.bean(GrpcServer.class).getPort());
            try {
                String token = svc.api().newAccessToken();
                SessionServiceGrpc.SessionServiceBlockingStub stub = GrpcIntegrationTest.sessions(channel, token);
                // Two over REST, one over gRPC: the bucket is shared.
                svc.api().createSession(token);
                svc.api().createSession(token);
                stub.startSession(StartSessionRequest.newBuilder().build());
                StatusRuntimeException e = GrpcIntegrationTest.failure(
                        () -> stub.startSession(StartSessionRequest.newBuilder().build()));
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                assertThat(e.getTrailers().get(GrpcRateLimitInterceptor.RETRY_AFTER)).matches("[1-9][0-9]*");
                assertThat(e.getTrailers().get(GrpcErrors.ERROR_CODE)).isEqualTo("rate_limited");
                // and REST sees the same empty bucket
                assertThat(svc.api().post("/api/session/create", "{}", token).status()).isEqualTo(429);
                // another user is unaffected
                String other = svc.api().newAccessToken();
                assertThat(GrpcIntegrationTest.sessions(channel, other)
                        .startSession(StartSessionRequest.newBuilder().build()).getSessionId()).isNotEmpty();
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }
}
