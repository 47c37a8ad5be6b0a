package com.jarvis.ingress.webrtc;

import com.jarvis.ingress.media.transport.DropReason;
import com.jarvis.ingress.media.transport.MediaCounters;
import com.jarvis.ingress.media.transport.WebRtcServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * {@code ingress_media_packets_dropped_total{reason}}: every packet the media plane dropped, by reason (garbage,
 * unknown ufrags and tuples, SRTP failures, replays...), read from the media library's counters at scrape time, so
 * the packet path only bumps a LongAdder. All reasons exist from start-up at 0.
 */
@Component
public class MediaDropMetrics implements MeterBinder {
    private final MediaCounters counters;

    public MediaDropMetrics(WebRtcServer server) {
        this.counters = server.counters();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (DropReason reason : DropReason.values()) {
            FunctionCounter.builder("ingress.media.packets.dropped", counters, c -> c.drops(reason))
                    .description("Media packets dropped by the server, by reason")
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
    }
}
