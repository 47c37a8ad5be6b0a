package com.jarvis.ingress.asr;

import static com.jarvis.ingress.asr.AsrTesting.assertInSequence;
import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.asr.v1.AudioFrame;
import com.jarvis.ingress.support.E2eHarness;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A gateway that reads one frame every 300 ms (a third of real time) behind a small HTTP/2 window: back-pressure
 * reaches the session's buffer (ASR_BUFFER_MS=1000, 10 frames), which stays within its bound while the oldest
 * audio is dropped and counted; the packet path never waits, and once the gateway keeps up the stream ends
 * normally with no gaps beyond the counted drops.
 */
class AsrSlowGatewayIT {
    static final String DB = PostgresTestDatabase.create("ingress_asr_slow");

    @BeforeAll
    static void prepare() throws Exception {
        E2eHarness.prepare();
    }

    @Test
    void aSlowGatewayCostsCountedDropsNotMemory() throws Exception {
        try (TestAsrGateway gateway = new TestAsrGateway().readEvery(300).start();
             ServiceInstance svc = AsrTesting.start(DB, gateway, Map.of("ASR_BUFFER_MS", "1000"))) {
            AsrForwarder forwarder = svc.bean(AsrForwarder.class);
            AsrMetrics metrics = svc.bean(AsrMetrics.class);
            int bound = forwarder.config().bufferBytes();
            CompletableFuture<JsonNode> client = AsrTesting.rtpClient(svc, 8000, true);
            long maxBuffered = 0;
            while (!client.isDone()) {
                maxBuffered = Math.max(maxBuffered, forwarder.bufferedBytes());
                Thread.sleep(20);
            }
            JsonNode result = client.get();
            double dropped = metrics.droppedFrames(AsrMetrics.DropReason.buffer_full);
            assertThat(dropped).as("frames dropped because the buffer was full").isGreaterThan(10);
            assertThat(maxBuffered).as("most bytes buffered at once").isGreaterThan(0).isLessThanOrEqualTo(bound);

            gateway.readEvery(0); // the gateway catches up: the rest and end_of_stream arrive
            List<AudioFrame> frames = AsrTesting.endAndAwait(svc, gateway, result);
            long missing = assertInSequence(frames, metrics.droppedFrames());
            assertThat(missing).isGreaterThan(0);
            assertThat(frames.size() - 1 + missing).as("frames made for 8 s of audio").isGreaterThanOrEqualTo(70);
        }
    }
}
