package com.jarvis.ingress.media.transport;

import static com.jarvis.ingress.media.transport.TransportTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.jarvis.ingress.media.audio.AudioFrame;
import com.jarvis.ingress.media.audio.EncodedAudioSink;
import com.jarvis.ingress.media.ice.StunClass;
import com.jarvis.ingress.media.net.IoLoop;
import com.jarvis.ingress.media.net.SocketCounters;
import com.jarvis.ingress.media.net.SocketEvent;
import com.jarvis.ingress.media.net.Transport;
import com.jarvis.ingress.media.net.UdpEndpoint;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several I/O threads on one shared port (SO_REUSEPORT): every transport's packets are handled by one thread, its
 * owner, also when the client moves from UDP to ICE-TCP mid-session; HTTP-style stats never wait for the packet
 * path; the server closes cleanly while clients stream.
 */
class ShardedReceiveTest {
    private static final long SSRC = 0x5566_7788L;
    private static final List<byte[]> TONE = LoopbackBrowser.opusTone(440, 50);

    /** A client and what the server's packet path did with its transport. */
    private record Client(LoopbackBrowser browser, WebRtcTransport transport, Set<String> threads, Events events) {
    }

    private static Client connected(WebRtcServer server, LoopbackBrowser browser) throws Exception {
        Events events = new Events();
        WebRtcTransport transport = server.createTransport(events);
        connect(browser, transport);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        // The listener runs on the packet path: it records which thread handled each RTP packet.
        transport.produce("audio", chromeParameters(SSRC), new CollectingSink(),
                bytes -> threads.add(Thread.currentThread().getName()));
        return new Client(browser, transport, threads, events);
    }

    private static void sendRtp(LoopbackBrowser browser, int from, int to) {
        for (int i = from; i < to; i++) {
            browser.sendRtp(i, 960L * i, SSRC, TONE.get(i % TONE.size()), 30);
        }
    }

    @Test
    void eachTransportIsHandledByOneThreadAndTheThreadsShareTheClients() throws Exception {
        assumeTrue(UdpEndpoint.reusePortSupported(), "SO_REUSEPORT not supported here");
        List<Client> clients = new ArrayList<>();
        try (WebRtcServer server = WebRtcServer.start(loopbackConfig().withProtocols(true, false).withIoThreads(2))) {
            assertThat(server.ioThreadNames()).containsExactly("udp-io-" + server.udpPort() + "-0",
                    "udp-io-" + server.udpPort() + "-1");
            try {
                // 16 client ports: the kernel's 4-tuple hash leaves both sockets idle with odds of 2 in 65536.
                for (int i = 0; i < 16; i++) {
                    clients.add(connected(server, LoopbackBrowser.udp(server.udpPort())));
                }
                for (Client c : clients) {
                    sendRtp(c.browser, 0, 20);
                }
                for (Client c : clients) {
                    assertThat(await(() -> c.transport.stats().rtpPackets() == 20, 5_000)).isTrue();
                }
                Set<String> used = new HashSet<>();
                for (Client c : clients) {
                    assertThat(c.threads).as("threads of one transport").hasSize(1)
                            .containsExactly(c.transport.ioThreadName());
                    used.addAll(c.threads);
                }
                assertThat(used).as("both I/O threads serve clients").hasSize(2);
                assertThat(server.counters().handedOff()).as("UDP tuples stay on their socket").isZero();
            } finally {
                for (Client c : clients) {
                    c.browser.close();
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aClientMovingFromUdpToTcpKeepsStreamingOnTheOwnerThread(int ioThreads) throws Exception {
        try (WebRtcServer server = WebRtcServer.start(loopbackConfig().withIoThreads(ioThreads));
             LoopbackBrowser browser = LoopbackBrowser.udp(server.udpPort())) {
            Client c = connected(server, browser);
            sendRtp(browser, 0, 20);
            assertThat(await(() -> c.transport.stats().rtpPackets() == 20, 5_000)).isTrue();
            String owner = c.transport.ioThreadName();
            assertThat(owner).startsWith("udp-io-");

            browser.switchToTcp(server.tcpPort());
            assertThat(browser.check(c.transport.iceParameters()).stunClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
            assertThat(await(() -> c.transport.selectedTuple() != null
                    && c.transport.selectedTuple().transport() == Transport.TCP, 5_000)).isTrue();
            sendRtp(browser, 20, 60);

            assertThat(await(() -> c.transport.stats().rtpPackets() == 60, 5_000)).as("packets keep counting").isTrue();
            assertThat(server.transportCount()).isEqualTo(1);
            assertThat(c.transport.state()).isEqualTo(TransportState.CONNECTED);
            assertThat(server.counters().dtlsHandshakes()).isEqualTo(1);
            // TCP frames arrive on a tcp-io thread and are handed to the owner: still one thread for the transport.
            assertThat(c.threads).containsExactly(owner);
            assertThat(c.transport.ioThreadName()).isEqualTo(owner);
            assertThat(server.counters().handedOff()).isGreaterThanOrEqualTo(41); // the check and 40 RTP packets
            assertThat(server.counters().drops(DropReason.HANDOFF_QUEUE_FULL)).isZero();
        }
    }

    /** Stats come from what the owner published: they are readable while the owner holds the packet path's lock. */
    @Test
    void statsDoNotWaitForThePacketPath() throws Exception {
        CountDownLatch inSink = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        EncodedAudioSink blocking = new EncodedAudioSink() {
            @Override
            public void onEncoded(byte[] packet, int off, int len, int samples, long rtpTimestamp, int seq) {
                if (seq == 5) { // runs on the owner I/O thread, inside the transport's media lock
                    inSink.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }

            @Override
            public void onAudio(AudioFrame frame) {
            }
        };
        try (WebRtcServer server = WebRtcServer.start(loopbackConfig().withProtocols(true, false).withIoThreads(2));
             LoopbackBrowser browser = LoopbackBrowser.udp(server.udpPort())) {
            WebRtcTransport transport = server.createTransport(null);
            connect(browser, transport);
            Producer producer = transport.produce("audio", chromeParameters(SSRC), blocking, null);
            sendRtp(browser, 0, 6);
            assertThat(inSink.await(5, TimeUnit.SECONDS)).isTrue();
            try {
                TransportStats stats = CompletableFuture.supplyAsync(transport::stats).get(5, TimeUnit.SECONDS);
                assertThat(stats.rtpPackets()).isEqualTo(6);
                assertThat(CompletableFuture.supplyAsync(producer::ssrc).get(5, TimeUnit.SECONDS)).isEqualTo(SSRC);
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    void closesCleanlyWhileClientsStream() throws Exception {
        WebRtcServer server = WebRtcServer.start(loopbackConfig().withIoThreads(2));
        int udpPort = server.udpPort();
        int tcpPort = server.tcpPort();
        List<Client> clients = new ArrayList<>();
        AtomicBoolean streaming = new AtomicBoolean(true);
        Thread load = null;
        try {
            for (int i = 0; i < 6; i++) {
                clients.add(connected(server, LoopbackBrowser.udp(udpPort)));
            }
            for (int i = 0; i < 3; i++) {
                clients.add(connected(server, LoopbackBrowser.tcp(tcpPort)));
            }
            load = new Thread(() -> {
                for (int seq = 0; streaming.get(); seq++) {
                    for (Client c : clients) {
                        try {
                            sendRtp(c.browser, seq, seq + 1);
                        } catch (RuntimeException e) {
                            // the server went away under a TCP client: expected once it closes
                        }
                    }
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "test-load");
            load.start();
            for (Client c : clients) {
                assertThat(await(() -> c.transport.stats().rtpPackets() >= 20, 10_000)).isTrue();
            }

            server.close();

            for (Client c : clients) {
                assertThat(c.events.closed).isEqualTo(CloseReason.SERVER_CLOSED);
                assertThat(c.transport.producer()).isNull();
                assertThat(c.threads).hasSize(1);
            }
            assertThat(server.transportCount()).isZero();
            SocketCounters sockets = server.socketCounters();
            assertThat(sockets.get(Transport.UDP, SocketEvent.HANDLER_ERROR)).isZero();
            assertThat(sockets.get(Transport.TCP, SocketEvent.HANDLER_ERROR)).isZero();
            // Both UDP threads and both TCP listeners count into the server's one set.
            assertThat(sockets.get(Transport.UDP, SocketEvent.RECEIVED)).isGreaterThanOrEqualTo(6 * 20);
            assertThat(sockets.get(Transport.TCP, SocketEvent.RECEIVED)).isGreaterThanOrEqualTo(3 * 20);
            assertThat(sockets.get(Transport.TCP, SocketEvent.ACCEPTED)).isEqualTo(3);
            assertThat(sockets.get(Transport.UDP, SocketEvent.SENT)).isPositive(); // ICE responses, DTLS
            assertThat(server.ioLoops()).allSatisfy(l -> assertThat(l.taskErrorCount()).isZero());
            Set<String> ioThreads = Set.copyOf(server.ioThreadNames());
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> ioThreads.contains(t.getName()));
            // Every socket of the shared ports is gone: a plain bind (no SO_REUSEPORT) of both ports succeeds.
            try (DatagramChannel udp = DatagramChannel.open();
                 ServerSocketChannel tcp = ServerSocketChannel.open()) {
                udp.bind(new InetSocketAddress("127.0.0.1", udpPort));
                tcp.bind(new InetSocketAddress("127.0.0.1", tcpPort));
            }
        } finally {
            streaming.set(false);
            if (load != null) {
                load.join(5_000);
            }
            server.close();
            for (Client c : clients) {
                c.browser.close();
            }
        }
    }

    @Test
    void aLoopRunsHandedTasksOnItsThreadAndRefusesBeyondItsBound() throws Exception {
        try (WebRtcServer server = WebRtcServer.start(loopbackConfig().withProtocols(true, false).withIoThreads(1))) {
            IoLoop loop = server.ioLoops().get(0);
            CompletableFuture<String> ranOn = new CompletableFuture<>();
            assertThat(loop.execute(() -> ranOn.complete(Thread.currentThread().getName()))).isTrue();
            assertThat(ranOn.get(5, TimeUnit.SECONDS)).isEqualTo(loop.name()).isEqualTo("udp-io-" + server.udpPort());

            CountDownLatch release = new CountDownLatch(1);
            assertThat(loop.execute(() -> {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            })).isTrue();
            int accepted = 0;
            while (accepted <= IoLoop.INBOX_CAPACITY && loop.execute(() -> { })) {
                accepted++;
            }
            release.countDown();
            assertThat(accepted).isLessThanOrEqualTo(IoLoop.INBOX_CAPACITY);
            assertThat(loop.refusedCount()).isEqualTo(1);
        }
    }
}
