package com.jarvis.ingress.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.jarvis.ingress.media.srtp.SrtpProfile;

/** Real BouncyCastle handshakes between two endpoints over an in-process link. */
class DtlsEndpointTest {

    private static DtlsCertificate serverCert;
    private static DtlsCertificate clientCert;
    private static DtlsCertificate strangerCert;

    private ExecutorService handshakes;
    private ExecutorService peerHandshakes;
    private ExecutorService delivery;
    private final List<DtlsEndpoint> endpoints = new ArrayList<>();

    @BeforeAll
    static void certificates() {
        serverCert = DtlsCertificate.generate();
        clientCert = DtlsCertificate.generate();
        strangerCert = DtlsCertificate.generate();
    }

    @BeforeEach
    void executors() {
        handshakes = DtlsHandshakeExecutor.newBoundedPool(4);
        peerHandshakes = DtlsHandshakeExecutor.newBoundedPool(4);
        delivery = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void shutdown() throws InterruptedException {
        endpoints.forEach(DtlsEndpoint::close);
        handshakes.shutdownNow();
        peerHandshakes.shutdownNow();
        delivery.shutdownNow();
        handshakes.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** Our side is the server (as with mediasoup-client send transports), the "browser" side the client. */
    private final class Pair {
        final RecordingListener serverEvents = new RecordingListener();
        final RecordingListener clientEvents = new RecordingListener();
        final LoopbackLink link = new LoopbackLink(delivery);
        final DtlsEndpoint server;
        final DtlsEndpoint client;

        Pair(DtlsConfig config) {
            server = new DtlsEndpoint(serverCert, config, handshakes, link.toB, serverEvents);
            client = new DtlsEndpoint(clientCert, config, peerHandshakes, link.toA, clientEvents);
            link.connect(server, client);
            endpoints.add(server);
            endpoints.add(client);
        }

        Pair() {
            this(DtlsConfig.defaults());
        }

        void start(DtlsFingerprint serverExpects, DtlsFingerprint clientExpects) {
            assertThat(server.start(DtlsRole.SERVER, serverExpects)).isTrue();
            assertThat(client.start(DtlsRole.CLIENT, clientExpects)).isTrue();
        }

        void start() {
            start(clientCert.sha256(), serverCert.sha256());
        }

        void awaitConnected(long millis) throws InterruptedException {
            assertThat(serverEvents.awaitConnected(millis)).as("server connected, reason %s",
                    server.failureReason()).isTrue();
            assertThat(clientEvents.awaitConnected(millis)).as("client connected, reason %s",
                    client.failureReason()).isTrue();
        }
    }

    @Test
    void handshakeExportsTheSameSrtpKeysOnBothSidesAndCarriesDataBothWays() throws Exception {
        Pair pair = new Pair();
        long t0 = System.nanoTime();
        pair.start();
        pair.awaitConnected(10_000);
        long millis = (Math.max(pair.serverEvents.connectedAtNanos, pair.clientEvents.connectedAtNanos) - t0)
                / 1_000_000;
        System.out.println("[dtls] one pair handshake: " + millis + " ms (server side "
                + pair.server.handshakeMillis() + " ms)");

        DtlsSrtpKeys serverKeys = pair.serverEvents.keys;
        DtlsSrtpKeys clientKeys = pair.clientEvents.keys;
        assertThat(serverKeys).isNotNull();
        assertThat(serverKeys.profile()).isEqualTo(SrtpProfile.AEAD_AES_256_GCM);
        assertThat(clientKeys.profileId()).isEqualTo(serverKeys.profileId());
        assertThat(clientKeys.material()).isEqualTo(serverKeys.material()).hasSize(2 * (32 + 12));
        assertThat(serverKeys.weAreClient()).isFalse();
        assertThat(clientKeys.weAreClient()).isTrue();
        assertThat(serverKeys.remoteMasterKey()).isEqualTo(clientKeys.localMasterKey());
        assertThat(serverKeys.remoteMasterSalt()).isEqualTo(clientKeys.localMasterSalt());
        assertThat(pair.server.srtpKeys()).isEqualTo(serverKeys);
        assertThat(pair.serverEvents.states).containsExactly(DtlsState.CONNECTING, DtlsState.CONNECTED);

        byte[] up = "hello from the browser".getBytes(StandardCharsets.US_ASCII);
        byte[] down = "hello from the server".getBytes(StandardCharsets.US_ASCII);
        assertThat(pair.client.send(up, 0, up.length)).isTrue();
        assertThat(pair.server.send(down, 0, down.length)).isTrue();
        awaitSize(pair.serverEvents.data, 1);
        awaitSize(pair.clientEvents.data, 1);
        assertThat(pair.serverEvents.data.get(0)).isEqualTo(up);
        assertThat(pair.clientEvents.data.get(0)).isEqualTo(down);
        assertThat(pair.server.maxApplicationPayload()).isBetween(1200, 1350);
    }

    @Test
    void theServersLastFlightLeavesOnlyOnceItsKeysAndConnectedStateAreInPlace() throws Exception {
        // A browser sends SRTP as soon as it has our Finished: were that flight out before the keys were
        // installed, its first packets would be dropped as not ready (seen as rtp_not_ready under load).
        for (int round = 0; round < 5; round++) {
            RecordingListener serverEvents = new RecordingListener();
            RecordingListener clientEvents = new RecordingListener();
            LoopbackLink link = new LoopbackLink(delivery);
            List<Boolean> readyWhenSent = new CopyOnWriteArrayList<>();
            DtlsEndpoint server = new DtlsEndpoint(serverCert, DtlsConfig.defaults(), handshakes, (buf, off, len) -> {
                readyWhenSent.add(serverEvents.keys != null && serverEvents.connected.getCount() == 0);
                link.toB.send(buf, off, len);
            }, serverEvents);
            DtlsEndpoint client = new DtlsEndpoint(clientCert, DtlsConfig.defaults(), peerHandshakes, link.toA,
                    clientEvents);
            link.connect(server, client);
            endpoints.add(server);
            endpoints.add(client);
            assertThat(server.start(DtlsRole.SERVER, clientCert.sha256())).isTrue();
            assertThat(client.start(DtlsRole.CLIENT, serverCert.sha256())).isTrue();
            assertThat(clientEvents.awaitConnected(10_000)).isTrue();
            assertThat(serverEvents.awaitConnected(10_000)).isTrue();

            assertThat(readyWhenSent).hasSizeGreaterThanOrEqualTo(2);
            assertThat(readyWhenSent.get(readyWhenSent.size() - 1)).as("last flight sent after keys and CONNECTED")
                    .isTrue();
            assertThat(readyWhenSent.subList(0, readyWhenSent.size() - 1)).as("earlier flights").containsOnly(false);
        }
    }

    @Test
    void manyRecordsFlowBothWaysWhileTwoThreadsFeedEachSide() throws Exception {
        Pair pair = new Pair();
        pair.start();
        pair.awaitConnected(10_000);
        int max = pair.client.maxApplicationPayload();
        byte[] big = new byte[max];
        assertThat(pair.client.send(big, 0, max)).isTrue();
        assertThat(pair.client.send(new byte[max + 1], 0, max + 1)).isFalse();
        // Batches of 50: the two delivery threads may reorder records, and DTLS (RFC 6347 4.1.2.6) drops a record
        // that falls more than 64 behind the newest one as a replay; 50 in flight keeps reordering inside the window.
        for (int batch = 0; batch < 4; batch++) {
            for (int i = batch * 50; i < (batch + 1) * 50; i++) {
                byte[] msg = ("m" + i).getBytes(StandardCharsets.US_ASCII);
                assertThat(pair.client.send(msg, 0, msg.length)).isTrue();
                assertThat(pair.server.send(msg, 0, msg.length)).isTrue();
            }
            awaitSize(pair.serverEvents.data, 1 + (batch + 1) * 50);
            awaitSize(pair.clientEvents.data, (batch + 1) * 50);
        }
        assertThat(pair.serverEvents.data).extracting(b -> new String(b, StandardCharsets.US_ASCII))
                .contains("m0", "m199").hasSize(201);
        assertThat(pair.server.applicationRecordsReceived()).isEqualTo(201);
        assertThat(pair.server.state()).isEqualTo(DtlsState.CONNECTED);
    }

    @Test
    void handshakeDatagramsFitA1200BytePath() throws Exception {
        Pair pair = new Pair();
        pair.start();
        pair.awaitConnected(10_000);
        List<Integer> serverSent = pair.link.toB.sizesSnapshot();
        List<Integer> clientSent = pair.link.toA.sizesSnapshot();
        System.out.println("[dtls] handshake datagrams server->client " + serverSent + ", client->server "
                + clientSent);
        assertThat(serverSent).isNotEmpty().allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(1200));
        assertThat(clientSent).isNotEmpty().allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(1200));
        // Records of a flight are packed: ServerHello..ServerHelloDone travel in one datagram (retransmissions on a
        // loaded machine may add more datagrams later, so only the first is checked).
        assertThat(serverSent.get(0)).isGreaterThan(400);
    }

    @Test
    void wrongClientFingerprintFailsTheServer() throws Exception {
        Pair pair = new Pair();
        pair.start(strangerCert.sha256(), serverCert.sha256());
        assertThat(pair.serverEvents.awaitTerminal(10_000)).isTrue();
        assertThat(pair.server.state()).isEqualTo(DtlsState.FAILED);
        assertThat(pair.server.failureReason()).contains("fingerprint mismatch");
        assertThat(pair.server.srtpKeys()).isNull();
        assertThat(pair.serverEvents.keys).isNull();
        // The server's fatal alert also ends the client's handshake.
        assertThat(pair.clientEvents.awaitTerminal(10_000)).isTrue();
        assertThat(pair.client.state()).isEqualTo(DtlsState.FAILED);
    }

    @Test
    void wrongServerFingerprintFailsTheClient() throws Exception {
        Pair pair = new Pair();
        pair.start(clientCert.sha256(), strangerCert.fingerprint("sha-512"));
        assertThat(pair.clientEvents.awaitTerminal(10_000)).isTrue();
        assertThat(pair.client.state()).isEqualTo(DtlsState.FAILED);
        assertThat(pair.client.failureReason()).contains("fingerprint mismatch");
        assertThat(pair.clientEvents.keys).isNull();
    }

    @Test
    void strongestSignalledFingerprintIsTheOneChecked() throws Exception {
        Pair pair = new Pair();
        // sha-1 matches but sha-384 does not: the sha-384 one decides.
        List<DtlsFingerprint> forged = List.of(serverCert.fingerprint("sha-1"), strangerCert.fingerprint("sha-384"));
        assertThat(pair.server.start(DtlsRole.SERVER, clientCert.fingerprints())).isTrue();
        assertThat(pair.client.start(DtlsRole.CLIENT, forged)).isTrue();
        assertThat(pair.clientEvents.awaitTerminal(10_000)).isTrue();
        assertThat(pair.client.state()).isEqualTo(DtlsState.FAILED);
    }

    @Test
    void lossyLinkStillCompletesThroughRetransmission() throws Exception {
        Pair pair = new Pair();
        Random random = new Random(42);
        boolean[] dropToB = new boolean[16];
        boolean[] dropToA = new boolean[16];
        for (int i = 0; i < 16; i++) {
            dropToB[i] = random.nextDouble() < 0.3;
            dropToA[i] = random.nextDouble() < 0.3;
        }
        dropToA[0] = true; // lose the first ClientHello for sure
        dropToB[0] = true; // and the server's first flight
        pair.link.toB.drop = i -> i < 16 && dropToB[i];
        pair.link.toA.drop = i -> i < 16 && dropToA[i];
        long t0 = System.nanoTime();
        pair.start();
        pair.awaitConnected(20_000);
        System.out.println("[dtls] lossy handshake: " + (System.nanoTime() - t0) / 1_000_000 + " ms, dropped "
                + pair.link.toB.dropped.get() + "+" + pair.link.toA.dropped.get() + " datagrams");
        assertThat(pair.link.toA.dropped.get() + pair.link.toB.dropped.get()).isGreaterThan(0);
        assertThat(pair.clientEvents.keys.material()).isEqualTo(pair.serverEvents.keys.material());
    }

    @Test
    void silentPeerFailsAfterTheHandshakeTimeout() throws Exception {
        RecordingListener events = new RecordingListener();
        List<Integer> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        DtlsEndpoint client = new DtlsEndpoint(clientCert, DtlsConfig.defaults().withHandshakeTimeoutMillis(1500),
                handshakes, (buf, off, len) -> sent.add(len), events);
        endpoints.add(client);
        long t0 = System.nanoTime();
        client.start(DtlsRole.CLIENT, serverCert.sha256());
        assertThat(events.awaitTerminal(10_000)).isTrue();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(client.state()).isEqualTo(DtlsState.FAILED);
        assertThat(client.failureReason()).contains("timed out");
        assertThat(millis).isBetween(1400L, 4000L);
        // ClientHello at 0 and retransmissions at about 100, 300, 700 ms (doubling from 100 ms).
        assertThat(sent.size()).isBetween(4, 6);
        awaitIdle((ThreadPoolExecutor) handshakes);
    }

    @Test
    void garbageNeverThrowsAndTheHandshakeStillCompletes() throws Exception {
        Pair pair = new Pair();
        Random random = new Random(7);
        feedGarbage(pair.server, random);
        feedGarbage(pair.client, random);
        pair.start();
        for (int i = 0; i < 20; i++) {
            feedGarbage(pair.server, random);
        }
        pair.awaitConnected(10_000);
        feedGarbage(pair.server, random);
        assertThat(pair.server.state()).isEqualTo(DtlsState.CONNECTED);
        assertThat(pair.server.invalidInputDrops()).isGreaterThan(0);
        byte[] ping = {1, 2, 3};
        assertThat(pair.client.send(ping, 0, ping.length)).isTrue();
        awaitSize(pair.serverEvents.data, 1);
        assertThat(pair.serverEvents.data.get(0)).isEqualTo(ping);
    }

    @Test
    void closeSendsCloseNotifyAndThePeerSeesClosed() throws Exception {
        Pair pair = new Pair();
        pair.start();
        pair.awaitConnected(10_000);
        pair.server.close();
        assertThat(pair.server.state()).isEqualTo(DtlsState.CLOSED);
        assertThat(pair.clientEvents.awaitTerminal(15_000)).isTrue();
        assertThat(pair.client.state()).isEqualTo(DtlsState.CLOSED);
        assertThat(pair.clientEvents.states).endsWith(DtlsState.CLOSED);
        byte[] late = {1};
        assertThat(pair.client.send(late, 0, 1)).isFalse();
        long dropped = pair.server.droppedWhileClosed();
        pair.server.onPacket(new byte[] {22, (byte) 0xfe, (byte) 0xfd}, 0, 3);
        assertThat(pair.server.droppedWhileClosed()).isEqualTo(dropped + 1);
        pair.server.close(); // idempotent
        assertThat(pair.serverEvents.states).containsExactly(DtlsState.CONNECTING, DtlsState.CONNECTED,
                DtlsState.CLOSED);
    }

    @Test
    void closeDuringHandshakeFreesTheHandshakeThread() throws Exception {
        RecordingListener events = new RecordingListener();
        DtlsEndpoint server = new DtlsEndpoint(serverCert, DtlsConfig.defaults(), handshakes,
                (buf, off, len) -> { }, events);
        endpoints.add(server);
        server.start(DtlsRole.SERVER, clientCert.sha256());
        Thread.sleep(100);
        server.close();
        assertThat(server.state()).isEqualTo(DtlsState.CLOSED);
        awaitIdle((ThreadPoolExecutor) handshakes);
        assertThat(events.states).containsExactly(DtlsState.CONNECTING, DtlsState.CLOSED);
    }

    @Test
    void startIsAcceptedOnce() {
        DtlsEndpoint endpoint = new DtlsEndpoint(serverCert, DtlsConfig.defaults(), handshakes,
                (buf, off, len) -> { }, new RecordingListener());
        endpoints.add(endpoint);
        assertThat(endpoint.start(DtlsRole.SERVER, clientCert.sha256())).isTrue();
        assertThat(endpoint.start(DtlsRole.SERVER, clientCert.sha256())).isFalse();
        endpoint.close();
        assertThat(endpoint.start(DtlsRole.CLIENT, clientCert.sha256())).isFalse();
    }

    @Test
    void fullReceiveQueueDropsAndCounts() {
        DtlsConfig small = new DtlsConfig(30_000, 100, 1350, 1200, 1500, 4);
        DtlsEndpoint endpoint = new DtlsEndpoint(serverCert, small, handshakes, (buf, off, len) -> { },
                new RecordingListener());
        endpoints.add(endpoint);
        byte[] record = new byte[40];
        record[0] = 22;
        for (int i = 0; i < 10; i++) {
            endpoint.onPacket(record, 0, record.length);
        }
        endpoint.onPacket(new byte[2000], 0, 2000);
        assertThat(endpoint.queueOverflowDrops()).isEqualTo(6);
        assertThat(endpoint.oversizeDrops()).isEqualTo(1);
    }

    @Test
    void hundredConcurrentHandshakesQueueOnABoundedPoolAndAllComplete() throws Exception {
        // Our side: 8 handshake threads for 100 servers, so most handshakes wait in the queue.
        ExecutorService ours = DtlsHandshakeExecutor.newBoundedPool(8);
        // The 100 "browsers" each run their own handshake at once.
        ExecutorService browsers = DtlsHandshakeExecutor.newBoundedPool(100);
        ExecutorService wire = Executors.newFixedThreadPool(4);
        try {
            List<RecordingListener> serverEvents = new ArrayList<>();
            List<RecordingListener> clientEvents = new ArrayList<>();
            List<DtlsEndpoint> servers = new ArrayList<>();
            List<DtlsEndpoint> clients = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                LoopbackLink link = new LoopbackLink(wire);
                RecordingListener se = new RecordingListener();
                RecordingListener ce = new RecordingListener();
                DtlsEndpoint s = new DtlsEndpoint(serverCert, DtlsConfig.defaults(), ours, link.toB, se);
                DtlsEndpoint c = new DtlsEndpoint(clientCert, DtlsConfig.defaults(), browsers, link.toA, ce);
                link.connect(s, c);
                serverEvents.add(se);
                clientEvents.add(ce);
                servers.add(s);
                clients.add(c);
                endpoints.add(s);
                endpoints.add(c);
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                clients.get(i).start(DtlsRole.CLIENT, serverCert.sha256());
                servers.get(i).start(DtlsRole.SERVER, clientCert.sha256());
            }
            for (int i = 0; i < 100; i++) {
                assertThat(serverEvents.get(i).awaitConnected(60_000)).as("server %d: %s", i,
                        servers.get(i).failureReason()).isTrue();
                assertThat(clientEvents.get(i).awaitConnected(60_000)).as("client %d", i).isTrue();
            }
            long millis = (System.nanoTime() - t0) / 1_000_000;
            long slowest = servers.stream().mapToLong(DtlsEndpoint::handshakeMillis).max().orElse(-1);
            System.out.println("[dtls] 100 concurrent handshakes (8 server threads): all connected after "
                    + millis + " ms; slowest single server handshake " + slowest + " ms");
            for (int i = 0; i < 100; i++) {
                assertThat(clientEvents.get(i).keys.material()).isEqualTo(serverEvents.get(i).keys.material());
            }
        } finally {
            endpoints.forEach(DtlsEndpoint::close);
            ours.shutdownNow();
            browsers.shutdownNow();
            wire.shutdownNow();
        }
    }

    private static void feedGarbage(DtlsEndpoint endpoint, Random random) {
        byte[] junk = new byte[1 + random.nextInt(300)];
        random.nextBytes(junk);
        endpoint.onPacket(junk, 0, junk.length);
        junk[0] = 22; // looks like a handshake record
        endpoint.onPacket(junk, 0, junk.length);
        junk[0] = 23; // looks like application data
        endpoint.onPacket(junk, 0, junk.length);
        endpoint.onPacket(junk, junk.length, 5);
        endpoint.onPacket(null, 0, 10);
        endpoint.onPacket(junk, -1, 1);
    }

    private static void awaitSize(List<?> list, int size) throws InterruptedException {
        // Generous: on a loaded 2-core machine the link's delivery threads may be starved for seconds.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (list.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(list).hasSizeGreaterThanOrEqualTo(size);
    }

    private static void awaitIdle(ThreadPoolExecutor pool) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (pool.getActiveCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(pool.getActiveCount()).isZero();
    }
}
