package com.jarvis.ingress.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.IngressApplication;
import com.jarvis.ingress.grpc.v1.GetSessionStatusRequest;
import com.jarvis.ingress.grpc.v1.ListSessionsRequest;
import com.jarvis.ingress.grpc.v1.SessionServiceGrpc.SessionServiceBlockingStub;
import com.jarvis.ingress.grpc.v1.StartSessionRequest;
import com.jarvis.ingress.support.GrpcIntegrationTest;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.TcpProxy;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A second instance whose PostgreSQL is behind a proxy the test cuts: calls that need the database answer
 * UNAVAILABLE (not INTERNAL, not UNAUTHENTICATED), and the instance serves again once the database is back.
 */
class GrpcDatabaseDownIT extends GrpcIntegrationTest {
    private static TcpProxy proxy;
    private static ConfigurableApplicationContext instance;
    private static ManagedChannel instanceChannel;

    @BeforeAll
    static void startInstanceBehindProxy() throws Exception {
        proxy = new TcpProxy(PostgresTestDatabase.HOST, PostgresTestDatabase.PORT);
        instance = new SpringApplicationBuilder(IngressApplication.class).run(
                "--DATABASE_URL=" + PostgresTestDatabase.url(DATABASE, proxy.port()),
                "--JWT_SECRET=" + JWT_SECRET,
                "--NODE_ENV=test",
                "--PORT=0",
                "--GRPC_PORT=0",
                "--SESSION_CLEANUP_INTERVAL=1h",
                "--PG_CONN_TIMEOUT_MS=1000",
                "--PG_CONNECT_RETRIES=0",
                "--RTC_MIN_PORT=0",
                "--RTC_MAX_PORT=0",
                "--STUN_PORT=0");
        instanceChannel = channelTo(instance.getBean(GrpcServer.class).getPort());
    }

    @AfterAll
    static void stopInstance() throws Exception {
        if (instanceChannel != null) {
            instanceChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (instance != null) {
            instance.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    private static void assertUnavailable(StatusRuntimeException e) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(e.getStatus().getDescription()).isEqualTo("The database is unavailable; try again shortly");
        assertThat(e.getTrailers().get(GrpcErrors.ERROR_CODE)).isEqualTo("database_unavailable");
    }

    @Test
    void callsNeedingTheDatabaseAreUnavailableWhileItIsDownAndServeAgainAfter() throws Exception {
        String token = api.newAccessToken();
        String fresh = api.newAccessToken();
        SessionServiceBlockingStub stub = sessions(instanceChannel, token);
        String id = stub.startSession(StartSessionRequest.getDefaultInstance()).getSessionId();

        proxy.cut();
        try {
            assertUnavailable(failure(() -> stub.startSession(StartSessionRequest.getDefaultInstance())));
            // The session was cached by its create (read-through cache): its status is still served.
            assertThat(stub.getSessionStatus(GetSessionStatusRequest.newBuilder().setSessionId(id).build())
                    .getSessionId()).isEqualTo(id);
            assertUnavailable(failure(() -> stub.listSessions(ListSessionsRequest.getDefaultInstance())));
            // A token this instance has not checked yet cannot be checked now: unavailable, not refused.
            assertUnavailable(failure(() -> sessions(instanceChannel, fresh)
                    .listSessions(ListSessionsRequest.getDefaultInstance())));
        } finally {
            proxy.restore();
        }

        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            try {
                // Listing always reads the database.
                assertThat(stub.listSessions(ListSessionsRequest.getDefaultInstance()).getSessionsList())
                        .anySatisfy(x -> assertThat(x.getSessionId()).isEqualTo(id));
                break;
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.UNAVAILABLE || Instant.now().isAfter(deadline)) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
        assertThat(sessions(instanceChannel, fresh).startSession(StartSessionRequest.getDefaultInstance())
                .getSessionId()).isNotEmpty();
    }
}
