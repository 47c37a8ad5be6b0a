package com.jarvis.ingress.asr;

import com.jarvis.ingress.observability.ComponentHealth;
import io.grpc.ConnectivityState;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * {@code asrGateway} under {@code GET /health}: {@code up} when the gateway's channel is connected (or connects
 * within half a second), {@code degraded} when it cannot be reached (sessions still work; audio is buffered),
 * {@code disabled} when ASR_GATEWAY_URL is unset.
 */
@Component
public class AsrGatewayHealth implements ComponentHealth {
    static final long PROBE_MILLIS = 500;
    private final ObjectProvider<AsrGatewayChannel> channel;

    public AsrGatewayHealth(ObjectProvider<AsrGatewayChannel> channel) {
        this.channel = channel;
    }

    @Override
    public String name() {
        return "asrGateway";
    }

    @Override
    public boolean required() {
        return false;
    }

    @Override
    public Status check() {
        AsrGatewayChannel c = channel.getIfAvailable();
        if (c == null) {
            return Status.disabled;
        }
        return c.probe(PROBE_MILLIS) == ConnectivityState.READY ? Status.up : Status.degraded;
    }
}
