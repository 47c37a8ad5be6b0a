package com.jarvis.ingress.bench.loadgen;

import java.nio.file.Files;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plays many real WebRTC clients against one Jarvis Ingress instance from one process: REST signalling, ICE,
 * DTLS 1.2 (BouncyCastle), SRTP Opus at 50 packet/s with RTCP sender reports. Prints progress on stderr, the JSON
 * report to {@code --out}, and one markdown table row on stdout. Exit code 1 when a client failed to connect or
 * the server lost packets; {@code --header} prints the table's header. See {@link LoadOptions#USAGE} and docs/benchmarks.md ("Java load generator").
 */
public final class LoadGenerator {
    private LoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        if (java.util.Arrays.asList(args).contains("--header")) {
            System.out.println(LoadReport.MARKDOWN_HEADER);
            return;
        }
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        ExecutorService http = Executors.newFixedThreadPool(4, LoadRun.daemon("loadgen-http"));
        RestSignalling signalling = signalling(options, http);
        // As Chrome does: the answer's maxplaybackrate (from the router's capabilities) sets the encoder's bandwidth.
        int maxPlaybackRate = options.maxPlaybackRate() > 0 ? options.maxPlaybackRate() : signalling.maxPlaybackRate();
        System.err.println(Instant.now() + " loadgen: Opus encoded for maxplaybackrate " + maxPlaybackRate
                + (options.maxPlaybackRate() > 0 ? " (--max-playback-rate)" : " (the server's capabilities)"));
        OpusClip clip = options.wav() != null ? OpusClip.fromWav(options.wav(), maxPlaybackRate)
                : OpusClip.encode(OpusClip.toneSamples(10), maxPlaybackRate);
        Consumer<String> log = m -> System.err.println(Instant.now() + " loadgen: " + m);
        for (int i = 0; i < options.warmRuns(); i++) {
            // Each warm-up run registers its own devices: a deviceIdentifier registers once.
            long jit0 = LoadRun.jitMillis();
            LoadReport warm = new LoadRun(options.warmUpRun(i == 0), signalling(options, http), clip, m -> { }).run();
            log.accept(String.format("generator warm-up run %d/%d: %d/%d connected, connect p50 %d ms,"
                    + " generator JIT compile time %d ms", i + 1, options.warmRuns(), warm.connected(), warm.sessions(),
                    warm.connectMillis().p50(), LoadRun.jitMillis() - jit0));
        }
        LoadReport report = new LoadRun(options.measuredRun(), signalling, clip, log).run();
        http.shutdownNow();
        if (options.out() != null) {
            JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
            Files.write(options.out(), json.writeValueAsBytes(report));
        }
        if (!report.errors().isEmpty()) {
            System.err.println("loadgen: errors: " + report.errors());
        }
        if (signalling.retries() > 0) {
            System.err.println("loadgen: register/session-create retried after 429/503: " + signalling.retries());
        }
        if (!report.serverCounterGrowth().isEmpty()) {
            System.err.println("loadgen: server drop/close counters that grew: " + report.serverCounterGrowth());
        }
        System.err.println("loadgen: " + report.detailLine());
        System.out.println(report.markdownRow());
        System.exit(report.connected() == report.sessions() && report.packetsReceivedByServer() >= report.packetsSent()
                && report.chunksReceivedByServer() >= report.chunksSent() ? 0 : 1);
    }

    /** The service's REST API, at most 64 requests in flight whatever the burst. */
    private static RestSignalling signalling(LoadOptions options, ExecutorService http) {
        return new RestSignalling(options.baseUrl(), Math.min(64, options.burst()), http);
    }
}
