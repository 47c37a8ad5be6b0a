package com.jarvis.ingress.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.grpc.GrpcServer;
import com.jarvis.ingress.grpc.v1.GetSessionStatusRequest;
import com.jarvis.ingress.support.ApiClient;
import com.jarvis.ingress.support.GrpcIntegrationTest;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import io.grpc.ManagedChannel;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A fresh instance: every metric the spec names is on the first scrape; gRPC failures are counted as errors. */
class MetricsFromStartIT {

    @Test
    void theFirstScrapeShowsEverySpecMetricAndGrpcErrorsAreCounted() throws Exception {
        try (ServiceInstance svc = ServiceInstance.start(Map.of(
                "DATABASE_URL", PostgresTestDatabase.url(PostgresTestDatabase.create("ingress_metrics_start"))))) {
            ApiClient api = svc.api();
            String first = api.get("/metrics", null).raw();
            for (String name : new String[] {"http_request_duration_seconds_bucket{", "ingress_sessions_total ",
                    "ingress_sessions_active ", "ingress_webrtc_connections_total ",
                    "ingress_webrtc_connections_active ", "ingress_audio_chunks_received_total{",
                    "ingress_audio_bytes_received_total{", "ingress_auth_attempts_total{", "ingress_errors_total{"}) {
                assertThat(first).as(name).contains("\n" + name);
            }
            // ours beside the spec's: the media plane's decode pool, at 0 from start-up
            assertThat(first).containsPattern("\ningress_media_decode_lanes_ready 0(\\.0)?\n")
                    .containsPattern("\ningress_media_decode_failures_total 0(\\.0)?\n");
            // and its sockets and events
            for (String series : new String[] {"ingress_media_socket_events_total{event=\"received\",protocol=\"udp\"}",
                    "ingress_media_socket_events_total{event=\"send_dropped\",protocol=\"udp\"}",
                    "ingress_media_socket_events_total{event=\"receive_error\",protocol=\"udp\"}",
                    "ingress_media_socket_events_total{event=\"handler_error\",protocol=\"tcp\"}",
                    "ingress_media_socket_events_total{event=\"rejected\",protocol=\"tcp\"}",
                    "ingress_media_dtls_handshakes_total", "ingress_media_ice_restarts_total",
                    "ingress_media_rtcp_packets_received_total", "ingress_media_rtcp_receiver_reports_sent_total",
                    "ingress_media_packets_handed_off_total", "ingress_media_sctp_associations_total",
                    "ingress_media_data_channels_opened_total", "ingress_media_data_channels_closed_total"}) {
                assertThat(first).as(series).containsPattern("\n" + java.util.regex.Pattern.quote(series) + " 0(\\.0)?\n");
            }
            assertThat(first).doesNotContain("event=\"receive_error\",protocol=\"tcp\"");
            assertThat(first).contains("http_request_duration_seconds_count{method=\"POST\",route=\"/api/session/create\","
                    + "status_code=\"200\"} 0")
                    .contains("ingress_errors_total{endpoint=\"/api/session/create\",type=\"internal_error\"} 0")
                    .contains("ingress_errors_total{endpoint=\"jarvis.ingress.v1.SessionService/StartSession\","
                            + "type=\"internal_error\"} 0");

            ManagedChannel channel = GrpcIntegrationTest.channelTo(svc.bean(GrpcServer.class).getPort());
            try {
                String token = api.newAccessToken();
                GrpcIntegrationTest.failure(() -> GrpcIntegrationTest.sessions(channel, token)
                        .getSessionStatus(GetSessionStatusRequest.newBuilder().setSessionId("nope").build()));
                GrpcIntegrationTest.failure(() -> GrpcIntegrationTest.sessions(channel, token)
                        .getSessionStatus(GetSessionStatusRequest.newBuilder()
                                .setSessionId(UUID.randomUUID().toString()).build()));
                GrpcIntegrationTest.failure(() -> GrpcIntegrationTest.sessions(channel, null)
                        .getSessionStatus(GetSessionStatusRequest.newBuilder()
                                .setSessionId(UUID.randomUUID().toString()).build()));
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            String after = api.get("/metrics", null).raw();
            String rpc = "endpoint=\"jarvis.ingress.v1.SessionService/GetSessionStatus\"";
            assertThat(after).contains("ingress_errors_total{" + rpc + ",type=\"validation_error\"} 1")
                    .contains("ingress_errors_total{" + rpc + ",type=\"not_found\"} 1")
                    .contains("ingress_errors_total{" + rpc + ",type=\"missing_token\"} 1");
        }
    }
}
