package com.jarvis.ingress.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

class TranscriptLogTest {
    private final ObjectMapper json = JsonMapper.builder().build();
    private final Instant at = Instant.parse("2026-12-03T10:00:00.123Z");

    @Test
    void appendsFinalTranscriptsInOrderAndKeepsTheClientsKeys() {
        String ctx = TranscriptLog.append(json, "{\"topic\":\"weather\"}", new Transcript("hello", true, 0.9f, at), 10,
                100, 64 * 1024);
        ctx = TranscriptLog.append(json, ctx, new Transcript("world", true, 0.5f, at), 10, 100, 64 * 1024);
        JsonNode node = json.readTree(ctx);
        assertThat(node.get("topic").stringValue()).isEqualTo("weather");
        assertThat(node.get("transcript")).hasSize(2);
        assertThat(node.get("transcript").get(0).get("text").stringValue()).isEqualTo("hello");
        assertThat(node.get("transcript").get(1).get("text").stringValue()).isEqualTo("world");
        assertThat(node.get("transcript").get(0).get("confidence").doubleValue()).isEqualTo(0.9);
        assertThat(node.get("transcript").get(0).get("at").stringValue()).isEqualTo("2026-12-03T10:00:00.123Z");
    }

    @Test
    void dropsTheOldestBeyondTheEntryLimit() {
        String ctx = "{}";
        for (int i = 0; i < 7; i++) {
            ctx = TranscriptLog.append(json, ctx, new Transcript("t" + i, true, 1, at), 5, 100, 64 * 1024);
        }
        JsonNode entries = json.readTree(ctx).get("transcript");
        assertThat(entries).hasSize(5);
        assertThat(entries.get(0).get("text").stringValue()).isEqualTo("t2");
        assertThat(entries.get(4).get("text").stringValue()).isEqualTo("t6");
    }

    @Test
    void staysWithinTheContextSizeLimitAndTruncatesLongText() {
        String ctx = "{}";
        for (int i = 0; i < 50; i++) {
            ctx = TranscriptLog.append(json, ctx, new Transcript("x".repeat(500), true, 1, at), 1000, 300, 4096);
            assertThat(ctx.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
        }
        JsonNode entries = json.readTree(ctx).get("transcript");
        assertThat(entries.size()).isGreaterThan(5);
        assertThat(entries.get(0).get("text").stringValue()).hasSize(300);
    }

    @Test
    void replacesANonArrayTranscriptField() {
        String ctx = TranscriptLog.append(json, "{\"transcript\":\"mine\"}", new Transcript("a", true, 1, at), 10, 100,
                64 * 1024);
        assertThat(json.readTree(ctx).get("transcript").get(0).get("text").stringValue()).isEqualTo("a");
    }
}
