package com.jarvis.ingress.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.media.ice.IceTuple;
import com.jarvis.ingress.media.net.Transport;
import com.jarvis.ingress.media.transport.WebRtcTransport;
import com.jarvis.ingress.support.E2eHarness;
import com.jarvis.ingress.support.NetnsLab;
import com.jarvis.ingress.support.Poll;
import com.jarvis.ingress.support.PostgresTestDatabase;
import com.jarvis.ingress.support.ServiceInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Chromium behind a NAT, all on this machine ({@link NetnsLab}: a client namespace behind a NAT namespace, the service
 * in the root namespace on a veth address the client can reach only through the DNAT of the announced address):
 * <ul>
 *   <li>(a) the client connects over UDP using {@code MEDIASOUP_ANNOUNCED_IP}; the server sees the NAT's address;</li>
 *   <li>(b) with UDP blocked it connects over ICE-TCP (the server-side tuple is TCP);</li>
 *   <li>(c) with everything but TCP to the relay's 3478/5349 (and the HTTP signalling port) blocked it connects
 *       through coturn in the NAT namespace with {@code iceTransportPolicy: 'relay'}, using the {@code iceServers}
 *       (TURN REST credentials) the service hands out on transport/create.</li>
 * </ul>
 * Skipped, saying why, where namespaces cannot be made (not root, no iproute2/iptables).
 */
class NatTraversalIT {
    static final int DURATION_MS = 6_000;
    static final String DB = PostgresTestDatabase.create("ingress_nat");
    static final String TURN_SECRET = "nat-test-" + UUID.randomUUID() + UUID.randomUUID();
    static NetnsLab lab;
    static ServiceInstance svc;

    @BeforeAll
    static void start() throws Exception {
        lab = NetnsLab.createOrSkip();
        E2eHarness.prepare();
        svc = ServiceInstance.start(Map.of("DATABASE_URL", PostgresTestDatabase.url(DB),
                "REDIS_URL", "redis://127.0.0.1:6379",
                "MEDIASOUP_LISTEN_IP", lab.serverIp, "MEDIASOUP_ANNOUNCED_IP", lab.announcedIp,
                // the relay of scenario (c), in the NAT namespace; the service mints its credentials
                "TURN_SECRET", TURN_SECRET, "TURN_URLS", "turn:" + lab.natCliIp + ":3478?transport=tcp"));
    }

    @AfterAll
    static void stop() {
        if (svc != null) {
            svc.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    @BeforeEach
    void plainNat() throws Exception {
        lab.resetFilter();
    }

    /** What the server saw while the browser streamed, and the browser's own result. */
    record Run(JsonNode result, IceTuple tuple, long packets) {
    }

    private Run stream(String... extraArgs) throws Exception {
        WebRtcService webrtc = svc.bean(WebRtcService.class);
        List<String> command = new ArrayList<>(List.of("node", "run-browser.mjs",
                "http://" + lab.announcedIp + ":" + svc.port(), "--duration=" + DURATION_MS, "--keep-session"));
        command.addAll(List.of(extraArgs));
        java.util.Set<UUID> before = webrtc.sessionsWithMedia();
        CompletableFuture<List<JsonNode>> browser = CompletableFuture.supplyAsync(() -> {
            try {
                return E2eHarness.runClient(lab.inClient(command), Map.of("E2E_PROXY", "1"), 180);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        AtomicReference<WebRtcTransport> transport = new AtomicReference<>();
        Poll.until(() -> {
            if (browser.isDone()) {
                return true;
            }
            for (UUID id : webrtc.sessionsWithMedia()) {
                WebRtcTransport t = webrtc.transportOf(id);
                if (!before.contains(id) && t != null && t.stats().rtpPackets() > 50) {
                    transport.set(t);
                    return true;
                }
            }
            return false;
        }, "audio from the browser", Duration.ofSeconds(120));
        WebRtcTransport t = transport.get();
        IceTuple tuple = t == null ? null : t.selectedTuple();
        long packets = t == null ? 0 : t.stats().rtpPackets();
        List<JsonNode> results = browser.get(180, TimeUnit.SECONDS);
        assertThat(results).hasSize(1);
        JsonNode result = results.get(0);
        assertThat(result.get("ok").asBoolean()).as("browser result %s", result).isTrue();
        assertThat(t).as("a transport that received audio").isNotNull();
        assertThat(result.get("transportId").asString()).isEqualTo(t.id());
        System.out.println("nat run: tuple=" + tuple + " pair=" + result.get("selectedCandidatePair"));
        return new Run(result, tuple, packets);
    }

    @Test
    void udpThroughTheNatToTheAnnouncedAddress() throws Exception {
        Run run = stream();
        assertThat(run.tuple().transport()).isEqualTo(Transport.UDP);
        assertThat(run.tuple().remote().getAddress().getHostAddress()).isEqualTo(lab.natServerIp);
        assertThat(run.result().at("/selectedCandidatePair/remote/address").asString()).isEqualTo(lab.announcedIp);
        assertThat(run.result().at("/selectedCandidatePair/remote/protocol").asString()).isEqualTo("udp");
        assertThat(run.packets()).isGreaterThan(50);
    }

    @Test
    void iceTcpWhenUdpIsBlocked() throws Exception {
        lab.blockUdp();
        Run run = stream();
        assertThat(run.tuple().transport()).isEqualTo(Transport.TCP);
        assertThat(run.tuple().remote().getAddress().getHostAddress()).isEqualTo(lab.natServerIp);
        assertThat(run.result().at("/selectedCandidatePair/remote/address").asString()).isEqualTo(lab.announcedIp);
        assertThat(run.result().at("/selectedCandidatePair/remote/protocol").asString()).isEqualTo("tcp");
    }

    @Test
    void throughTheTurnRelayWhenOnlyTcpToItIsAllowed() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/turnserver")), "coturn (turnserver) is not installed");
        Path log = Files.createTempFile("coturn", ".log");
        // Relays to the ingress's announced address only (the shipped configuration's policy, in brief).
        Process coturn = lab.startInNat(List.of("turnserver", "-n", "--listening-ip=" + lab.natCliIp,
                "--listening-port=3478", "--relay-ip=" + lab.natServerIp, "--min-port=49152", "--max-port=49252",
                "--use-auth-secret", "--static-auth-secret=" + TURN_SECRET, "--realm=jarvis.test",
                "--denied-peer-ip=0.0.0.0-255.255.255.255", "--allowed-peer-ip=" + lab.announcedIp,
                "--no-tls", "--no-dtls", "--no-cli", "--fingerprint", "--log-file=stdout", "--simple-log",
                "--pidfile=" + log + ".pid", "--userdb=" + log + ".db"), log);
        try {
            Poll.until(() -> {
                try {
                    return lab.inNat("ss", "-ltn").contains(lab.natCliIp + ":3478");
                } catch (Exception e) {
                    return false;
                }
            }, "coturn listening", Duration.ofSeconds(15));
            lab.onlyTcpTo(svc.port(), 3478, 5349);
            Run run = stream("--ice-transport-policy=relay");
            assertThat(run.result().at("/iceServers").toString()).contains("turn:" + lab.natCliIp)
                    .contains("username");
            assertThat(run.result().at("/selectedCandidatePair/local/candidateType").asString()).isEqualTo("relay");
            assertThat(run.result().at("/selectedCandidatePair/local/relayProtocol").asString()).isEqualTo("tcp");
            // The relay (on the NAT host) sends UDP to the announced address from its relay port range.
            assertThat(run.tuple().transport()).isEqualTo(Transport.UDP);
            assertThat(run.tuple().remote().getAddress().getHostAddress()).isEqualTo(lab.natServerIp);
            assertThat(run.tuple().remote().getPort()).isBetween(49152, 49252);
        } finally {
            coturn.destroy();
            coturn.waitFor(5, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(log);
    }
}
