package com.jarvis.ingress.webrtc;

import com.jarvis.ingress.media.ice.StunClass;
import com.jarvis.ingress.media.ice.StunConstants;
import com.jarvis.ingress.media.ice.StunMessageBuilder;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A real coturn ({@code /usr/bin/turnserver}, Debian package {@code coturn}) for one test class, run from the
 * shipped {@code infrastructure/coturn/turnserver.conf} with only what a test must change replaced: free ports on
 * 127.0.0.1, the test's secrets, and the ingress's address 127.0.0.1 allowed as the one peer (with loopback peers
 * allowed, which the shipped file forbids). The relay policy under test is the shipped one.
 */
final class Coturn implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/turnserver");
    static final String REALM = "jarvis-test";
    static final int RELAY_PORTS = 100;
    private static final Set<String> REPLACED = Set.of("listening-port", "tls-listening-port", "min-port", "max-port",
            "static-auth-secret", "realm", "allowed-peer-ip", "log-file", "external-ip");

    private final Process process;
    private final Path dir;
    final int port;
    final int minRelayPort;
    final int maxRelayPort;

    private Coturn(Process process, Path dir, int port, int minRelayPort) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.minRelayPort = minRelayPort;
        this.maxRelayPort = minRelayPort + RELAY_PORTS - 1;
    }

    static Coturn start(List<String> secrets) throws Exception {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("coturn is required at " + BINARY + " (apt-get install -y coturn; .ci/run does)");
        }
        Path dir = Files.createTempDirectory("coturn-test");
        int port = WebRtcBrowserIT.freePortRange(1);
        int relay = WebRtcBrowserIT.freePortRange(RELAY_PORTS);
        List<String> conf = new ArrayList<>();
        for (String line : Files.readAllLines(shippedConfig())) {
            String key = line.contains("=") ? line.substring(0, line.indexOf('=')).trim() : line.trim();
            if (!REPLACED.contains(key)) {
                conf.add(line);
            }
        }
        conf.add("listening-ip=127.0.0.1");
        conf.add("listening-port=" + port);
        conf.add("relay-ip=127.0.0.1");
        conf.add("min-port=" + relay);
        conf.add("max-port=" + (relay + RELAY_PORTS - 1));
        secrets.forEach(s -> conf.add("static-auth-secret=" + s));
        conf.add("realm=" + REALM);
        conf.add("allow-loopback-peers");
        conf.add("allowed-peer-ip=127.0.0.1");
        conf.add("log-file=" + dir.resolve("turn.log"));
        conf.add("pidfile=" + dir.resolve("turnserver.pid"));
        conf.add("userdb=" + dir.resolve("turndb"));
        Path file = dir.resolve("turnserver.conf");
        Files.write(file, conf);
        Process p = new ProcessBuilder(BINARY.toString(), "-c", file.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        Coturn coturn = new Coturn(p, dir, port, relay);
        coturn.awaitReady();
        return coturn;
    }

    static Path shippedConfig() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("infrastructure/coturn"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("infrastructure/coturn not found");
        }
        return p.resolve("infrastructure/coturn/turnserver.conf");
    }

    /** coturn answers STUN Binding on its port once it is up. */
    private void awaitReady() throws Exception {
        byte[] request = StunMessageBuilder.create(StunClass.REQUEST, StunConstants.METHOD_BINDING, new byte[12], 0).build();
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(200);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("coturn exited: " + log());
                }
                socket.send(new DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(), port));
                try {
                    socket.receive(new DatagramPacket(new byte[1500], 1500));
                    return;
                } catch (SocketTimeoutException e) {
                    // not up yet
                }
            }
        }
        throw new IllegalStateException("coturn did not answer on port " + port + ": " + log());
    }

    String log() {
        try {
            Path log = dir.resolve("turn.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8)
                    : Files.readString(dir.resolve("stdout.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** {@code turn:127.0.0.1:<port>?transport=udp}. */
    String udpUrl() {
        return "turn:127.0.0.1:" + port + "?transport=udp";
    }

    /**
     * Runs coturn's own client {@code turnutils_uclient} with these credentials: it allocates a relay and sends to a
     * peer ({@code -y}: its own second allocation on 127.0.0.1, or {@code peer}). Returns exit code and output.
     */
    UclientResult uclient(String username, String password, String peer) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/turnutils_uclient", "-p", String.valueOf(port),
                "-u", username, "-w", password, "-n", "2"));
        if (peer == null) {
            cmd.add("-y");
        } else {
            cmd.addAll(List.of("-e", peer, "-r", "9"));
        }
        cmd.add("127.0.0.1");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("turnutils_uclient timed out");
        }
        return new UclientResult(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    record UclientResult(int exitCode, String output) {
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
