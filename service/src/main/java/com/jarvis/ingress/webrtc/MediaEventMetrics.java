package com.jarvis.ingress.webrtc;

import com.jarvis.ingress.media.transport.MediaCounters;
import com.jarvis.ingress.media.transport.WebRtcServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/**
 * The media plane's own events beside the spec's audio and connection metrics, read from the media library's
 * counters at scrape time (the packet path only bumps a LongAdder): DTLS handshakes, ICE restarts, RTCP in and
 * receiver reports out, packets copied between I/O threads, SCTP associations and data channels. All at 0 from
 * start-up.
 */
@Component
public class MediaEventMetrics implements MeterBinder {
    private final MediaCounters counters;

    public MediaEventMetrics(WebRtcServer server) {
        this.counters = server.counters();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "ingress.media.dtls.handshakes", "DTLS handshakes completed",
                MediaCounters::dtlsHandshakes);
        counter(registry, "ingress.media.ice.restarts", "ICE restarts asked for by clients",
                MediaCounters::iceRestarts);
        counter(registry, "ingress.media.rtcp.packets.received", "SRTCP compound packets that authenticated and parsed",
                MediaCounters::rtcpPackets);
        counter(registry, "ingress.media.rtcp.receiver.reports.sent", "RTCP receiver reports sent to clients",
                MediaCounters::receiverReportsSent);
        counter(registry, "ingress.media.packets.handed.off",
                "Packets that arrived on an I/O thread other than their transport's and were copied to it",
                MediaCounters::handedOff);
        counter(registry, "ingress.media.sctp.associations",
                "SCTP associations created for data channels (one per transport whose DTLS connected)",
                MediaCounters::sctpAssociations);
        counter(registry, "ingress.media.data.channels.opened", "Data channels opened",
                MediaCounters::dataChannelsOpened);
        counter(registry, "ingress.media.data.channels.closed", "Data channels closed",
                MediaCounters::dataChannelsClosed);
    }

    private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<MediaCounters> f) {
        FunctionCounter.builder(name, counters, f).description(description).register(registry);
    }
}
