package com.jarvis.ingress.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jarvis.ingress.support.ApiClient;
import com.jarvis.ingress.support.ApiClient.Response;
import com.jarvis.ingress.support.IntegrationTest;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import com.jarvis.ingress.support.TcpProxy;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/** Health components through real outages, readiness during shutdown, and in-flight requests finishing. */
class HealthAndShutdownIT {

    @Test
    void redisDownDegradesDatabaseDownIsUnavailable() throws Exception {
        String db = PostgresTestDatabase.create("ingress_health");
        try (TcpProxy pg = new TcpProxy(PostgresTestDatabase.HOST, PostgresTestDatabase.PORT);
             TcpProxy redis = new TcpProxy("127.0.0.1", 6379);
             ServiceInstance svc = ServiceInstance.start(Map.of("DATABASE_URL", PostgresTestDatabase.url(db, pg.port()),
                     "REDIS_URL", "redis://127.0.0.1:" + redis.port(), "PG_CONN_TIMEOUT_MS", "1000"))) {
            ApiClient api = svc.api();
            assertThat(api.get("/health", null).text("status")).isEqualTo("ok");

            redis.cut();
            Response degraded = api.get("/health", null);
            assertThat(degraded.status()).isEqualTo(200);
            assertThat(degraded.text("status")).isEqualTo("degraded");
            assertThat(degraded.body().at("/components/redis/status").asString()).isEqualTo("down");
            assertThat(api.get("/health/ready", null).status()).isEqualTo(200);

            pg.cut();
            Response down = api.get("/health", null);
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.text("status")).isEqualTo("unavailable");
            assertThat(down.body().at("/components/database/status").asString()).isEqualTo("down");
            assertThat(api.get("/health/ready", null).status()).isEqualTo(503);
            assertThat(api.get("/health/live", null).status()).isEqualTo(200);

            pg.restore();
            long deadline = System.currentTimeMillis() + 15_000;
            while (api.get("/health/ready", null).status() != 200 && System.currentTimeMillis() < deadline) {
                Thread.sleep(250);
            }
            assertThat(api.get("/health/ready", null).status()).isEqualTo(200);
        }
    }

    /** A test-only endpoint that holds its request until the test lets it go. Not scanned: passed as a source. */
    static class SlowEndpoint {
        static final CountDownLatch entered = new CountDownLatch(1);
        static final CountDownLatch release = new CountDownLatch(1);

        @Bean
        RouterFunction<ServerResponse> slowRoute() {
            return RouterFunctions.route().GET("/test/slow", request -> {
                entered.countDown();
                release.await(20, TimeUnit.SECONDS);
                return ServerResponse.ok().body("done");
            }).build();
        }
    }

    @Test
    void shutdownTurnsReadinessOffFinishesInFlightRequestsThenRefusesConnections() throws Exception {
        String db = PostgresTestDatabase.create("ingress_shutdown");
        ServiceInstance svc = ServiceInstance.start(Map.of("DATABASE_URL", PostgresTestDatabase.url(db),
                "SHUTDOWN_DRAIN_DELAY", "2s"), SlowEndpoint.class);
        int port = svc.port();
        ApiClient api = svc.api();
        assertThat(api.get("/health/ready", null).status()).isEqualTo(200);
        assertThat(api.get("/health", null).body().at("/components/redis/status").asString()).isEqualTo("disabled");
        // no ASR_GATEWAY_URL: the embedded sink takes the audio
        assertThat(api.get("/health", null).body().at("/components/asrGateway/status").asString()).isEqualTo("disabled");

        CompletableFuture<Response> inFlight = CompletableFuture.supplyAsync(() -> new ApiClient(port).get("/test/slow", null));
        assertThat(SlowEndpoint.entered.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(svc::close);

        // During the drain delay the server still accepts, and readiness says 503.
        long deadline = System.currentTimeMillis() + 5_000;
        int ready = 200;
        while (ready != 503 && System.currentTimeMillis() < deadline) {
            ready = new ApiClient(port).get("/health/ready", null).status();
        }
        assertThat(ready).isEqualTo(503);

        SlowEndpoint.release.countDown();
        Response slow = inFlight.get(30, TimeUnit.SECONDS);
        assertThat(slow.status()).isEqualTo(200);
        assertThat(slow.raw()).isEqualTo("done");
        closing.get(40, TimeUnit.SECONDS);

        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            }
        }).isInstanceOf(ConnectException.class);
    }
}
