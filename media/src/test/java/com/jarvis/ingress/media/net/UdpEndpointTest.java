package com.jarvis.ingress.media.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UdpEndpointTest {
    private static final InetSocketAddress ANY_LOCAL = new InetSocketAddress("127.0.0.1", 0);

    /** Echoes each datagram back with "echo:" prepended, through the PacketSender it was given. */
    private static final PacketHandler ECHO = (data, off, len, from, transport, replyTo) -> {
        byte[] reply = ("echo:" + new String(data, off, len, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        replyTo.send(reply, 0, reply.length);
    };

    @Test
    void roundTripsADatagram() throws Exception {
        BlockingQueue<InetSocketAddress> senders = new LinkedBlockingQueue<>();
        PacketHandler handler = (data, off, len, from, transport, replyTo) -> {
            assertThat(transport).isEqualTo(Transport.UDP);
            assertThat(replyTo.remote()).isEqualTo(from);
            senders.add(from);
            ECHO.onPacket(data, off, len, from, transport, replyTo);
        };
        try (UdpEndpoint endpoint = UdpEndpoint.open(ANY_LOCAL, handler);
                DatagramChannel client = DatagramChannel.open()) {
            client.bind(ANY_LOCAL);
            client.send(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)), endpoint.localAddress());

            String reply = receive(client);

            assertThat(reply).isEqualTo("echo:hello");
            assertThat(senders.poll(1, TimeUnit.SECONDS)).isEqualTo(client.getLocalAddress());
            assertThat(endpoint.counters().get(Transport.UDP, SocketEvent.RECEIVED)).isEqualTo(1);
            // Counted once the send returned, so the reply can arrive first.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (endpoint.counters().get(Transport.UDP, SocketEvent.SENT) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(endpoint.counters().get(Transport.UDP, SocketEvent.SENT)).isEqualTo(1);
        }
    }

    @Test
    void deliversLargeDatagramsWhole() throws Exception {
        BlockingQueue<Integer> lengths = new LinkedBlockingQueue<>();
        try (UdpEndpoint endpoint = UdpEndpoint.open(ANY_LOCAL, (d, o, len, f, t, r) -> lengths.add(len));
                DatagramChannel client = DatagramChannel.open()) {
            byte[] big = new byte[60_000];
            Arrays.fill(big, (byte) 0x80);
            client.send(ByteBuffer.wrap(big), endpoint.localAddress());

            assertThat(lengths.poll(5, TimeUnit.SECONDS)).isEqualTo(60_000);
        }
    }

    @Test
    void survivesAHandlerThatThrows() throws Exception {
        int[] calls = {0};
        PacketHandler flaky = (data, off, len, from, transport, replyTo) -> {
            if (calls[0]++ == 0) {
                throw new IllegalStateException("boom");
            }
            ECHO.onPacket(data, off, len, from, transport, replyTo);
        };
        try (UdpEndpoint endpoint = UdpEndpoint.open(ANY_LOCAL, flaky);
                DatagramChannel client = DatagramChannel.open()) {
            client.bind(ANY_LOCAL);
            client.send(ByteBuffer.wrap(new byte[] {'a'}), endpoint.localAddress());
            client.send(ByteBuffer.wrap(new byte[] {'b'}), endpoint.localAddress());

            assertThat(receive(client)).isEqualTo("echo:b");
            assertThat(endpoint.counters().get(Transport.UDP, SocketEvent.HANDLER_ERROR)).isEqualTo(1);
        }
    }

    /** A bigger kernel buffer than the OS default, so a briefly descheduled I/O thread loses no datagrams. */
    @Test
    void asksForALargeReceiveBuffer() throws Exception {
        int defaultSize;
        try (DatagramChannel plain = DatagramChannel.open()) {
            defaultSize = plain.getOption(java.net.StandardSocketOptions.SO_RCVBUF);
        }
        long rmemMax = Long.parseLong(java.nio.file.Files.readString(
                java.nio.file.Path.of("/proc/sys/net/core/rmem_max")).trim());
        try (UdpEndpoint endpoint = UdpEndpoint.open(ANY_LOCAL, ECHO)) {
            assertThat(endpoint.socketReceiveBufferBytes())
                    .isGreaterThanOrEqualTo((int) Math.min(UdpEndpoint.SOCKET_RECEIVE_BUFFER, rmemMax));
            if (rmemMax > defaultSize) {
                assertThat(endpoint.socketReceiveBufferBytes()).isGreaterThan(defaultSize);
            }
        }
    }

    @Test
    void closeFreesThePort() throws Exception {
        UdpEndpoint first = UdpEndpoint.open(ANY_LOCAL, ECHO);
        InetSocketAddress bound = first.localAddress();
        first.close();

        assertThat(first.isOpen()).isFalse();
        assertThat(first.send(new byte[1], 0, 1, bound)).isFalse();
        try (UdpEndpoint second = UdpEndpoint.open(bound, ECHO)) {
            assertThat(second.localAddress().getPort()).isEqualTo(bound.getPort());
        }
    }

    private static String receive(DatagramChannel client) throws Exception {
        client.configureBlocking(false);
        ByteBuffer buf = ByteBuffer.allocate(2048);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (client.receive(buf) == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no reply");
            }
            Thread.sleep(5);
        }
        buf.flip();
        return StandardCharsets.UTF_8.decode(buf).toString();
    }

    /** SO_REUSEPORT: the kernel spreads clients over the sockets of one port and keeps each client on one. */
    @Test
    void sharedEndpointsSplitClientsAndKeepEachOnOneThread() throws Exception {
        assumeTrue(UdpEndpoint.reusePortSupported());
        Map<InetSocketAddress, Set<String>> threadsByClient =
                new ConcurrentHashMap<>();
        AtomicInteger received = new AtomicInteger();
        PacketHandler handler = (data, off, len, from, transport, replyTo) -> {
            assertThat(IoLoop.current().name()).isEqualTo(Thread.currentThread().getName());
            threadsByClient.computeIfAbsent(from, k -> ConcurrentHashMap.newKeySet())
                    .add(Thread.currentThread().getName());
            received.incrementAndGet();
        };
        List<UdpEndpoint> endpoints = UdpEndpoint.openShared(ANY_LOCAL, handler, 2, new SocketCounters());
        List<DatagramChannel> clients = new ArrayList<>();
        try {
            int port = endpoints.get(0).localAddress().getPort();
            assertThat(endpoints).extracting(e -> e.localAddress().getPort()).containsOnly(port);
            assertThat(endpoints).extracting(e -> e.loop().name()).containsExactly("udp-io-" + port + "-0",
                    "udp-io-" + port + "-1");
            for (int c = 0; c < 16; c++) { // all 16 on one socket: odds of 2 in 65536
                DatagramChannel client = DatagramChannel.open().bind(ANY_LOCAL);
                clients.add(client);
                for (int i = 0; i < 5; i++) {
                    client.send(ByteBuffer.wrap(new byte[] {1}), endpoints.get(0).localAddress());
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (received.get() < 80 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(received.get()).isEqualTo(80);
            assertThat(threadsByClient).hasSize(16).allSatisfy((client, threads) -> assertThat(threads).hasSize(1));
            assertThat(threadsByClient.values().stream().flatMap(Set::stream).distinct()).hasSize(2);
        } finally {
            for (DatagramChannel c : clients) {
                c.close();
            }
            endpoints.forEach(UdpEndpoint::close);
        }
    }
}
