package com.jarvis.ingress.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Runs the real clients of {@code e2e/} (mediasoup-client in Debian's Chromium, or in Node with @roamhq/wrtc)
 * against a running service, preparing them first (npm ci, bundle, tone WAV) when needed.
 */
public final class E2eHarness {
    public static final Path DIR = locate();
    /** ~12 s of English speech, 48 kHz mono 16-bit (e2e/make-speech.sh); pass to run-browser.mjs as --wav=. */
    public static final Path SPEECH_WAV = DIR.resolve("speech.wav");

    private E2eHarness() {
    }

    private static Path locate() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("e2e"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("e2e/ not found above " + Path.of("").toAbsolutePath());
        }
        return p.resolve("e2e");
    }

    /** npm ci, the 440 Hz tone and the speech WAV if missing, and a fresh esbuild bundle. */
    public static synchronized void prepare() throws IOException, InterruptedException {
        if (!Files.isDirectory(DIR.resolve("node_modules/mediasoup-client"))) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), 600);
        }
        // Always rebuilt (esbuild takes well under a second): a bundle left from an older checkout would test old code.
        run(List.of("npm", "run", "build"), Map.of(), 120);
        if (!Files.exists(DIR.resolve("tone.wav"))) {
            run(List.of("sh", "make-tone.sh"), Map.of(), 60);
        }
        if (!Files.exists(SPEECH_WAV)) {
            run(List.of("sh", "make-speech.sh"), Map.of(), 60);
        }
        if (!new File("/usr/bin/chromium").canExecute() && System.getenv("CHROMIUM") == null) {
            throw new IllegalStateException("Chromium is required at /usr/bin/chromium (apt-get install -y chromium)");
        }
    }

    /** Runs one script and returns the JSON objects it printed, one per stdout line. */
    public static List<JsonNode> runClient(List<String> command, Map<String, String> env, long timeoutSeconds)
            throws IOException, InterruptedException {
        String out = run(command, env, timeoutSeconds);
        List<JsonNode> results = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("{")) {
                results.add(ApiClient.JSON.readTree(line));
            }
        }
        return results;
    }

    /**
     * ICE gathering only, in Chromium: {@code plan} is {@code {iceServers, iceTransportPolicy?, timeoutMs?}}; returns
     * {@code {candidates, candidateErrors, gatheringComplete, ok}} (gatherCandidates in e2e/src/session.js).
     */
    public static JsonNode gather(Map<String, Object> plan) throws IOException, InterruptedException {
        Path file = Files.createTempFile("gather", ".json");
        try {
            Files.writeString(file, ApiClient.JSON.writeValueAsString(plan));
            List<JsonNode> out = runClient(List.of("node", "run-browser.mjs", "--mode=gather", "--plan=" + file),
                    Map.of(), 120);
            if (out.size() != 1) {
                throw new IllegalStateException("gather printed " + out.size() + " results");
            }
            return out.get(0);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static String run(List<String> command, Map<String, String> env, long timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(DIR.toFile());
        pb.environment().putAll(env);
        Path err = Files.createTempFile("e2e", ".log");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        byte[] stdout = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command + " timed out; stderr: " + Files.readString(err));
        }
        String stderr = Files.readString(err);
        Files.deleteIfExists(err);
        String text = new String(stdout, StandardCharsets.UTF_8);
        if (p.exitValue() != 0 && !text.contains("{")) {
            throw new IllegalStateException(command + " exited " + p.exitValue() + "\nstdout: " + text + "\nstderr: "
                    + stderr.substring(Math.max(0, stderr.length() - 4000)));
        }
        if (!stderr.isBlank()) {
            System.out.println("[e2e stderr] " + stderr.substring(Math.max(0, stderr.length() - 4000)));
        }
        return text;
    }
}
