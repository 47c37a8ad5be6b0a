package com.jarvis.ingress.webrtc;

import com.jarvis.ingress.media.net.Transport;
import com.jarvis.ingress.media.stun.StunServer;
import com.jarvis.ingress.media.stun.StunResult;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/**
 * The built-in STUN server on {@code /metrics}: {@code ingress_stun_requests_total{transport,result}} (packets by
 * outcome, read from the server's counters at scrape time), {@code ingress_stun_tcp_connections} and
 * {@code ingress_stun_tcp_connections_closed_total{reason}}. Nothing is registered when STUN_PORT=0.
 */
@Component
public class StunMetrics implements MeterBinder {
    private final StunServer server;

    public StunMetrics(BuiltInStun stun) {
        this.server = stun.server();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        if (server == null) {
            return;
        }
        for (Transport transport : Transport.values()) {
            for (StunResult result : StunResult.values()) {
                FunctionCounter.builder("ingress.stun.requests", server, s -> s.counters().get(transport, result))
                        .description("Packets the built-in STUN server received, by transport and outcome")
                        .tag("transport", transport.name().toLowerCase(Locale.ROOT))
                        .tag("result", result.name().toLowerCase(Locale.ROOT))
                        .register(registry);
            }
        }
        Gauge.builder("ingress.stun.tcp.connections", server, StunServer::tcpConnections)
                .description("TCP connections open on the built-in STUN server").register(registry);
        closed(registry, "refused", StunServer::tcpRefused);
        closed(registry, "not_stun", StunServer::tcpUnframeable);
        closed(registry, "idle", StunServer::tcpIdleClosed);
    }

    private void closed(MeterRegistry registry, String reason, ToDoubleFunction<StunServer> count) {
        FunctionCounter.builder("ingress.stun.tcp.connections.closed", server, count)
                .description("TCP connections of the built-in STUN server refused at the cap or closed by it")
                .tag("reason", reason).register(registry);
    }
}
