package com.jarvis.ingress.asr;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.asr.v1.AudioFrame;
import com.jarvis.ingress.media.audio.OpusAudioDecoder;
import com.jarvis.ingress.support.E2eHarness;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import tools.jackson.databind.JsonNode;

/** What the ASR forwarding tests share: starting the service against a test gateway, clients, frame checks. */
final class AsrTesting {
    private AsrTesting() {
    }

    static ServiceInstance start(String db, TestAsrGateway gateway, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("DATABASE_URL", PostgresTestDatabase.url(db),
                "REDIS_URL", "redis://127.0.0.1:6379", "ASR_GATEWAY_URL", gateway.url()));
        env.putAll(extra);
        return ServiceInstance.start(env);
    }

    /** One Node (libwebrtc) client sending the 440 Hz tone over RTP for {@code durationMs}, in the background. */
    static CompletableFuture<JsonNode> rtpClient(ServiceInstance svc, int durationMs, boolean keepSession) {
        List<String> cmd = new ArrayList<>(List.of("node", "run-node.mjs", "1", "http://127.0.0.1:" + svc.port(),
                "--duration=" + durationMs));
        if (keepSession) {
            cmd.add("--keep-session");
        }
        return client(cmd);
    }

    /** One Node client sending {@code chunks} 20 ms PCM chunks on a data channel. */
    static CompletableFuture<JsonNode> dataClient(ServiceInstance svc, int chunks) {
        return dataClients(svc, 1, chunks).thenApply(r -> r.get(0));
    }

    /** {@code sessions} concurrent Node clients, each sending {@code chunks} 20 ms PCM chunks on a data channel. */
    static CompletableFuture<List<JsonNode>> dataClients(ServiceInstance svc, int sessions, int chunks) {
        return clients(List.of("node", "run-node.mjs", String.valueOf(sessions), "http://127.0.0.1:" + svc.port(),
                "--mode=data", "--chunks=" + chunks), sessions);
    }

    private static CompletableFuture<JsonNode> client(List<String> cmd) {
        return clients(cmd, 1).thenApply(r -> r.get(0));
    }

    private static CompletableFuture<List<JsonNode>> clients(List<String> cmd, int expected) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                List<JsonNode> results = E2eHarness.runClient(cmd, Map.of(), 180);
                assertThat(results).hasSize(expected);
                for (JsonNode r : results) {
                    assertThat(r.get("ok").asBoolean()).as("client result %s", r).isTrue();
                }
                return results;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static UUID sessionId(JsonNode result) {
        return UUID.fromString(result.get("sessionId").asString());
    }

    static void await(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    /** Ends the client's session (REST, as its owner) and returns what the gateway received up to end_of_stream. */
    static List<AudioFrame> endAndAwait(ServiceInstance svc, TestAsrGateway gateway, JsonNode result)
            throws InterruptedException {
        UUID id = sessionId(result);
        assertThat(svc.api().delete("/api/session/" + id, result.get("accessToken").asString()).status())
                .isEqualTo(200);
        return awaitEndOfStream(gateway, id);
    }

    /** Waits for the session's end_of_stream frame and returns everything the gateway received for it. */
    static List<AudioFrame> awaitEndOfStream(TestAsrGateway gateway, UUID sessionId) throws InterruptedException {
        await(Duration.ofSeconds(60), "end_of_stream of " + sessionId, () -> gateway.frames(sessionId).stream()
                .anyMatch(AudioFrame::getEndOfStream));
        return gateway.frames(sessionId);
    }

    /**
     * Frames arrive in order with increasing sequence numbers starting at 0, the last is the only end_of_stream, and
     * the gaps add up to at most {@code droppedFrames} (each gap is a counted drop). Returns the number missing.
     */
    static long assertInSequence(List<AudioFrame> frames, double droppedFrames) {
        assertThat(frames).isNotEmpty();
        assertThat(frames.get(frames.size() - 1).getEndOfStream()).isTrue();
        assertThat(frames.subList(0, frames.size() - 1)).noneMatch(AudioFrame::getEndOfStream);
        long expected = 0;
        long missing = 0;
        for (AudioFrame f : frames) {
            assertThat(f.getSequence()).as("sequence after %d", expected - 1).isGreaterThanOrEqualTo(expected);
            missing += f.getSequence() - expected;
            expected = f.getSequence() + 1;
        }
        assertThat((double) missing).as("sequence gaps vs frames counted as dropped").isLessThanOrEqualTo(droppedFrames);
        return missing;
    }

    /** The PCM of the audio frames, concatenated. */
    static short[] pcm(List<AudioFrame> frames) {
        int bytes = frames.stream().mapToInt(f -> f.getPcm().size()).sum();
        ByteBuffer all = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        frames.forEach(f -> all.put(f.getPcm().asReadOnlyByteBuffer()));
        all.flip();
        short[] out = new short[bytes / 2];
        all.asShortBuffer().get(out);
        return out;
    }

    /** Seconds of audio in the frames (PCM only). */
    static double pcmSeconds(List<AudioFrame> frames) {
        return frames.stream().mapToLong(f -> f.getPcm().size()).sum() / 32000.0;
    }

    /** Splits an OPUS frame into its packets and decodes them the way a gateway would. */
    /** The Opus packets of OPUS frames (each prefixed with its 2-byte big-endian length). */
    static List<byte[]> opusPackets(List<AudioFrame> frames) {
        List<byte[]> packets = new java.util.ArrayList<>();
        for (AudioFrame f : frames) {
            byte[] b = f.getOpus().toByteArray();
            for (int off = 0; off + 2 <= b.length; ) {
                int len = ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
                packets.add(java.util.Arrays.copyOfRange(b, off + 2, Math.min(b.length, off + 2 + len)));
                off += 2 + len;
            }
        }
        return packets;
    }

    static short[] decodeOpus(List<AudioFrame> frames) {
        OpusAudioDecoder decoder = new OpusAudioDecoder();
        short[] out = new short[0];
        int n = 0;
        for (AudioFrame f : frames) {
            byte[] b = f.getOpus().toByteArray();
            int off = 0;
            while (off < b.length) {
                int len = ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
                assertThat(off + 2 + len).as("packet length prefix inside the frame").isLessThanOrEqualTo(b.length);
                int samples = decoder.decode(b, off + 2, len);
                assertThat(samples).as("decodable Opus packet").isPositive();
                if (out.length < n + samples) {
                    out = Arrays.copyOf(out, Math.max(out.length * 2, n + samples));
                }
                System.arraycopy(decoder.pcm(), 0, out, n, samples);
                n += samples;
                off += 2 + len;
            }
        }
        return Arrays.copyOf(out, n);
    }
}
