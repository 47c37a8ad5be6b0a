package com.jarvis.ingress.webrtc;

import com.jarvis.ingress.media.net.SocketCounters;
import com.jarvis.ingress.media.net.SocketEvent;
import com.jarvis.ingress.media.net.Transport;
import com.jarvis.ingress.media.transport.WebRtcServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * {@code ingress_media_socket_events_total{protocol,event}}: what the media sockets (shared ports and per-transport
 * ports alike) counted, read at scrape time: packets in and out, outgoing packets lost, receive errors, handler
 * exceptions, and ICE-TCP connections accepted, refused at the cap and closed idle. Every series exists from
 * start-up at 0; a protocol only gets the events its sockets count ({@link SocketEvent#countedOn}).
 */
@Component
public class MediaSocketMetrics implements MeterBinder {
    private final SocketCounters counters;

    public MediaSocketMetrics(WebRtcServer server) {
        this.counters = server.socketCounters();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Transport protocol : Transport.values()) {
            for (SocketEvent event : SocketEvent.values()) {
                if (event.countedOn(protocol)) {
                    register(registry, protocol, event);
                }
            }
        }
    }

    private void register(MeterRegistry registry, Transport protocol, SocketEvent event) {
        FunctionCounter.builder("ingress.media.socket.events", counters, c -> c.get(protocol, event))
                .description("Media socket events: packets received and sent, sends lost, errors, TCP connections")
                .tag("protocol", protocol.name().toLowerCase(Locale.ROOT))
                .tag("event", event.name().toLowerCase(Locale.ROOT))
                .register(registry);
    }
}
