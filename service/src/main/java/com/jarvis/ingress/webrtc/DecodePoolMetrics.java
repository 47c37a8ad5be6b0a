package com.jarvis.ingress.webrtc;

import com.jarvis.ingress.media.audio.DecodePool;
import com.jarvis.ingress.media.transport.WebRtcServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/**
 * The media server's decode pool, read at scrape time: {@code ingress_media_decode_lanes_ready} (streams waiting for
 * a decode thread: decoding falling behind shows here before lanes refuse packets as {@code decode_queue_full}) and
 * {@code ingress_media_decode_failures_total} (packets whose decoding or audio sink threw: a bug, as
 * bad input is returned as a decode error, never thrown).
 */
@Component
public class DecodePoolMetrics implements MeterBinder {
    private final DecodePool pool;

    public DecodePoolMetrics(WebRtcServer server) {
        this.pool = server.decodePool();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("ingress.media.decode.lanes.ready", pool, DecodePool::readyLanes)
                .description("Audio streams with packets waiting for a decode thread")
                .register(registry);
        FunctionCounter.builder("ingress.media.decode.failures", pool, DecodePool::failures)
                .description("Audio packets whose decoding or audio sink threw")
                .register(registry);
    }
}
