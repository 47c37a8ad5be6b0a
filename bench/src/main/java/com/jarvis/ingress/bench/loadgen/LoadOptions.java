package com.jarvis.ingress.bench.loadgen;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Command line of {@link LoadGenerator}: {@code --name=value} pairs.
 *
 * @param baseUrl service base URL
 * @param sessions clients to connect
 * @param ratePerSecond new clients started per second; 0 starts them all at once (bounded by {@code burst})
 * @param burst clients connecting at the same time at most (threads running signalling and handshakes)
 * @param durationSeconds measured streaming window, after every client connected and {@code settleSeconds}
 * @param settleSeconds wait after the last connect before the window starts
 * @param idleSeconds after streaming stops, keep the clients connected this long before the idle heap figure
 * @param serverPid the service process for CPU and heap figures; 0 for none
 * @param wav 48 kHz mono 16-bit WAV to encode as the Opus stream; null for a 440 Hz tone
 * @param out JSON report file; null for none
 * @param label free text put in the report and the markdown line (e.g. the server's mode)
 * @param ioThreads selector threads reading the clients' sockets
 * @param keep leave the sessions open at the end (no DELETE)
 * @param chunks audio chunks on a data channel besides RTP: off, opus or pcm (one per 20 ms)
 * @param rtp send RTP (a producer and its Opus stream); false with chunks for data-channel-only clients
 * @param warmHandshakes in-process DTLS handshakes run before the first client, to JIT the generator's own DTLS
 * @param warmRuns whole runs (connect, 1 s of streaming, close) inside the generator before the measured one, each
 *     with its own devices: JIT-compiles the generator's signalling, ICE, DTLS and SRTP code, so that a fresh
 *     generator JVM's compiling does not take the cores from the service in the measured connect phase
 * @param maxPlaybackRate the Opus {@code maxplaybackrate} the clips are encoded for (bandwidth and bitrate as Chrome
 *     chooses them); 0 = the server's router capabilities, as a browser gets it in its answer
 * @param registerFirst register every client's device before the first client starts (as devices that registered
 *     once, long before, and now open sessions at once); false: each client registers in the burst, just before its
 *     session/create, so the burst's CPU also carries the registrations
 */
record LoadOptions(String baseUrl, int sessions, double ratePerSecond, int burst, int durationSeconds,
        int settleSeconds, int idleSeconds, long serverPid, Path wav, Path out, String label, int ioThreads,
        boolean keep, ChunkMode chunks, boolean rtp, int warmHandshakes, int warmRuns, int maxPlaybackRate,
        boolean registerFirst) {

    static final String USAGE = """
            Usage: LoadGenerator --url=http://127.0.0.1:3000 --sessions=100 [--rate=0] [--burst=100]
                   [--duration=30] [--settle=5] [--idle=5] [--server-pid=PID] [--wav=e2e/speech.wav]
                   [--out=report.json] [--label=text] [--io-threads=2] [--keep] [--chunks=off|opus|pcm]
                   [--rtp=true|false] [--warm-handshakes=50] [--warm-runs=0]
                   [--max-playback-rate=auto|8000-48000] [--register=before|burst]
              --rate     clients started per second (0: all at once, at most --burst connecting at a time)
              --duration seconds of the measured window while every client streams 50 packet/s
              --server-pid  measure the service's CPU (/proc) and live heap (jcmd) per session
              --chunks   also open a data channel (DCEP) and send a 20 ms audio chunk per tick: opus (the clip's
                         packets, session codec opus) or pcm (16 kHz mono s16le, session codec pcm)
              --rtp=false  no producer and no RTP (data-channel-only clients; needs --chunks)
              --warm-handshakes  DTLS handshakes inside the generator before the first client (its JIT warm-up,
                         so a fresh generator JVM does not add 100+ ms to the first clients' DTLS times)
              --warm-runs  whole runs of the same clients (connect, 1 s of streaming, close) before the measured
                         one, so the generator's own JIT compiling is over before the measured connect phase
              --max-playback-rate  encode the Opus stream as Chrome does for this maxplaybackrate in its answer
                         (16000: wideband SILK at 20 kbit/s; 48000: fullband hybrid at 32 kbit/s); auto: the
                         server's router capabilities
              --register before: every device registers before the first client starts (the default: a device
                         registers once, then opens sessions); burst: each client registers just before its
                         session/create, inside the burst (the connect time still starts at transport/create)""";

    static LoadOptions parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (String a : args) {
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "'\n" + USAGE);
            }
            int eq = a.indexOf('=');
            m.put(eq < 0 ? a.substring(2) : a.substring(2, eq), eq < 0 ? "true" : a.substring(eq + 1));
        }
        LoadOptions o = new LoadOptions(
                m.getOrDefault("url", "http://127.0.0.1:3000"),
                Integer.parseInt(m.getOrDefault("sessions", "10")),
                Double.parseDouble(m.getOrDefault("rate", "0")),
                Integer.parseInt(m.getOrDefault("burst", "100")),
                Integer.parseInt(m.getOrDefault("duration", "30")),
                Integer.parseInt(m.getOrDefault("settle", "5")),
                Integer.parseInt(m.getOrDefault("idle", "5")),
                Long.parseLong(m.getOrDefault("server-pid", "0")),
                m.containsKey("wav") ? Path.of(m.get("wav")) : null,
                m.containsKey("out") ? Path.of(m.get("out")) : null,
                m.getOrDefault("label", ""),
                Integer.parseInt(m.getOrDefault("io-threads", "2")),
                Boolean.parseBoolean(m.getOrDefault("keep", "false")),
                ChunkMode.parse(m.getOrDefault("chunks", "off")),
                Boolean.parseBoolean(m.getOrDefault("rtp", "true")),
                Integer.parseInt(m.getOrDefault("warm-handshakes", "50")),
                Integer.parseInt(m.getOrDefault("warm-runs", "0")),
                "auto".equals(m.getOrDefault("max-playback-rate", "auto")) ? 0
                        : Integer.parseInt(m.get("max-playback-rate")),
                registerFirst(m.getOrDefault("register", "before")));
        if (o.sessions < 1 || o.burst < 1 || o.durationSeconds < 1 || o.ioThreads < 1 || o.ratePerSecond < 0
                || o.settleSeconds < 0 || o.idleSeconds < 0 || o.warmHandshakes < 0 || o.warmRuns < 0
                || o.maxPlaybackRate != 0 && (o.maxPlaybackRate < 8_000 || o.maxPlaybackRate > 48_000)) {
            throw new IllegalArgumentException("sessions, burst, duration and io-threads must be positive, "
                    + "max-playback-rate 8000-48000\n" + USAGE);
        }
        if (!o.rtp && o.chunks == ChunkMode.OFF) {
            throw new IllegalArgumentException("--rtp=false needs --chunks=opus or pcm\n" + USAGE);
        }
        return o;
    }

    private static boolean registerFirst(String value) {
        return switch (value) {
            case "before" -> true;
            case "burst" -> false;
            default -> throw new IllegalArgumentException("--register must be before or burst\n" + USAGE);
        };
    }

    /** One of the {@code --warm-runs}: the same clients for 1 s, no figures from the server, no report. */
    LoadOptions warmUpRun(boolean first) {
        return new LoadOptions(baseUrl, sessions, ratePerSecond, burst, 1, 0, 0, 0, wav, null, "generator warm-up",
                ioThreads, false, chunks, rtp, first ? warmHandshakes : 0, 0, maxPlaybackRate, registerFirst);
    }

    /** The measured run after the warm-up runs: their handshakes have already warmed the generator's DTLS. */
    LoadOptions measuredRun() {
        return warmRuns == 0 ? this : new LoadOptions(baseUrl, sessions, ratePerSecond, burst, durationSeconds,
                settleSeconds, idleSeconds, serverPid, wav, out, label, ioThreads, keep, chunks, rtp, 0, 0,
                maxPlaybackRate, registerFirst);
    }
}
