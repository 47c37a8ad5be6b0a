package com.jarvis.ingress.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.grpc.v1.SessionServiceGrpc;
import com.jarvis.ingress.grpc.v1.StartSessionRequest;
import com.jarvis.ingress.grpc.v1.StartSessionResponse;
import com.jarvis.ingress.support.GrpcIntegrationTest;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client that opens many calls which block on the database does not make the server start a thread per call:
 * calls run on the fixed {@code grpc-call} pool (grpc-java's default executor would start one thread each), the
 * rest wait their turn, and all complete once the database answers again.
 */
class GrpcCallLimitsIT {
    private static final int CALLS = 2 * GrpcCallLimits.CALL_THREADS + 40;

    @Test
    void callsBlockedOnTheDatabaseUseAFixedPoolAndAllFinish() throws Exception {
        String db = PostgresTestDatabase.create("ingress_grpc_pool");
        try (ServiceInstance svc = ServiceInstance.start(Map.of("DATABASE_URL", PostgresTestDatabase.url(db),
                "RATE_LIMIT_ENABLED", "false", "PG_CONN_TIMEOUT_MS", "60000"))) {
            String token = svc.api().newAccessToken();
            int port = svc.bean(GrpcServer.class).getPort();
            // Client callbacks on their own pool, so the only threads inside the service's code are the server's.
            ExecutorService clientExecutor = Executors.newFixedThreadPool(4);
            List<ManagedChannel> channels = new ArrayList<>();
            List<ListenableFuture<StartSessionResponse>> calls = new ArrayList<>();
            try (Connection lock = PostgresTestDatabase.connect(db)) {
                lock.setAutoCommit(false);
                try (Statement st = lock.createStatement()) {
                    st.execute("LOCK TABLE sessions IN ACCESS EXCLUSIVE MODE");
                }
                Metadata headers = new Metadata();
                headers.put(GrpcIntegrationTest.AUTHORIZATION, "Bearer " + token);
                for (int c = 0; c < 2; c++) {
                    channels.add(ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
                            .executor(clientExecutor).build());
                }
                for (int i = 0; i < CALLS; i++) {
                    calls.add(SessionServiceGrpc.newFutureStub(channels.get(i % channels.size()))
                            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                            .withDeadlineAfter(60, TimeUnit.SECONDS)
                            .startSession(StartSessionRequest.newBuilder().build()));
                }
                // Wait until the pool is saturated: every call thread is stuck behind the table lock.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                int inService = 0;
                while (System.nanoTime() < deadline) {
                    inService = threadsInSessionService();
                    if (inService >= GrpcCallLimits.CALL_THREADS) {
                        break;
                    }
                    Thread.sleep(100);
                }
                Thread.sleep(500);
                inService = threadsInSessionService();
                assertThat(inService).isEqualTo(GrpcCallLimits.CALL_THREADS);
                assertThat(calls).noneMatch(ListenableFuture::isDone);
                lock.rollback();
            }
            try {
                for (ListenableFuture<StartSessionResponse> call : calls) {
                    assertThat(call.get(60, TimeUnit.SECONDS).getSessionId()).isNotEmpty();
                }
            } finally {
                for (ManagedChannel ch : channels) {
                    ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                }
                clientExecutor.shutdownNow();
            }
        }
    }

    /** Threads currently running a method of the gRPC session service (blocked or not). */
    private static int threadsInSessionService() {
        return (int) Thread.getAllStackTraces().values().stream()
                .filter(stack -> Arrays.stream(stack)
                        .anyMatch(f -> f.getClassName().startsWith(SessionGrpcService.class.getName())))
                .count();
    }
}
