package com.jarvis.ingress.media.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jarvis.ingress.media.ice.StunClass;
import com.jarvis.ingress.media.ice.StunConstants;
import com.jarvis.ingress.media.ice.StunMessage;
import com.jarvis.ingress.media.ice.StunMessageBuilder;
import com.jarvis.ingress.media.net.Transport;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The STUN server against a Java client on real sockets: UDP and STUN-framed TCP, answers and drops. */
class StunServerTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private StunServer server;

    @BeforeEach
    void start() throws IOException {
        server = StunServer.start(new StunServerConfig(LOOPBACK, 0, true, true, 3, 300));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static byte[] bindingRequest(boolean fingerprint) {
        byte[] txId = new byte[StunConstants.TRANSACTION_ID_LENGTH];
        ThreadLocalRandom.current().nextBytes(txId);
        StunMessageBuilder b = StunMessageBuilder.create(StunClass.REQUEST, StunConstants.METHOD_BINDING, txId, 0);
        return (fingerprint ? b.fingerprint() : b).build();
    }

    private static byte[] txId(byte[] message) {
        return Arrays.copyOfRange(message, 8, 20);
    }

    private byte[] exchangeUdp(DatagramSocket socket, byte[] request) throws IOException {
        socket.send(new DatagramPacket(request, request.length, LOOPBACK, server.port()));
        DatagramPacket reply = new DatagramPacket(new byte[1500], 1500);
        socket.receive(reply);
        return Arrays.copyOf(reply.getData(), reply.getLength());
    }

    @Test
    void answersUdpBindingWithTheClientsAddressAndAFingerprintWhenTheRequestHadOne() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            socket.setSoTimeout(5_000);
            byte[] request = bindingRequest(true);
            byte[] reply = exchangeUdp(socket, request);

            StunMessage response = StunMessage.parse(reply, 0, reply.length);
            assertThat(response).isNotNull();
            assertThat(response.stunClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
            assertThat(response.method()).isEqualTo(StunConstants.METHOD_BINDING);
            assertThat(response.transactionId()).isEqualTo(txId(request));
            assertThat(response.xorMappedAddress()).isEqualTo(socket.getLocalSocketAddress());
            assertThat(response.verifyFingerprint()).isTrue();
            assertThat(reply).hasSize(40);

            byte[] bare = exchangeUdp(socket, bindingRequest(false));
            StunMessage bareResponse = StunMessage.parse(bare, 0, bare.length);
            assertThat(bareResponse.hasFingerprint()).isFalse();
            assertThat(bareResponse.xorMappedAddress()).isEqualTo(socket.getLocalSocketAddress());
            assertThat(bare).as("no larger than needed: header + XOR-MAPPED-ADDRESS").hasSize(32);
        }
        // Counted once the reply is sent, which can be just after the client has it.
        awaitCount(() -> server.counters().get(Transport.UDP, StunResult.ANSWERED), 2);
    }

    @Test
    void dropsAndCountsEverythingButBindingRequests() throws Exception {
        byte[] indication = StunMessageBuilder.create(StunClass.INDICATION, StunConstants.METHOD_BINDING,
                new byte[12], 0).build();
        byte[] allocate = StunMessageBuilder.create(StunClass.REQUEST, 0x003, new byte[12], 0).build();
        byte[] badFingerprint = bindingRequest(true);
        badFingerprint[badFingerprint.length - 1] ^= 1;
        byte[] garbage = "GET / HTTP/1.1\r\n\r\n".getBytes();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            socket.setSoTimeout(300);
            for (byte[] p : new byte[][] {indication, allocate, badFingerprint, garbage}) {
                socket.send(new DatagramPacket(p, p.length, LOOPBACK, server.port()));
            }
            awaitCount(() -> server.counters().get(Transport.UDP, StunResult.IGNORED), 2);
            awaitCount(() -> server.counters().get(Transport.UDP, StunResult.MALFORMED), 2);
            assertThatThrownBy(() -> socket.receive(new DatagramPacket(new byte[1500], 1500)))
                    .as("nothing is answered").isInstanceOf(SocketTimeoutException.class);
        }
        assertThat(server.counters().get(Transport.UDP, StunResult.ANSWERED)).isZero();
    }

    @Test
    void answersStunFramedTcpRequestsWrittenTogetherAndSplit() throws Exception {
        try (Socket socket = connect()) {
            byte[] first = bindingRequest(true);
            byte[] second = bindingRequest(false);
            byte[] third = bindingRequest(true);
            OutputStream out = socket.getOutputStream();
            byte[] both = Arrays.copyOf(first, first.length + second.length);
            System.arraycopy(second, 0, both, first.length, second.length);
            out.write(both);
            out.write(third, 0, 7);
            out.flush();
            Thread.sleep(50);
            out.write(third, 7, third.length - 7);
            out.flush();

            DataInputStream in = new DataInputStream(socket.getInputStream());
            for (byte[] request : new byte[][] {first, second, third}) {
                byte[] reply = readStun(in);
                StunMessage response = StunMessage.parse(reply, 0, reply.length);
                assertThat(response.transactionId()).isEqualTo(txId(request));
                assertThat(response.xorMappedAddress()).isEqualTo(socket.getLocalSocketAddress());
            }
        }
        awaitCount(() -> server.counters().get(Transport.TCP, StunResult.ANSWERED), 3);
    }

    @Test
    void closesTcpStreamsThatAreNotStunAndIdleOnesAndRefusesBeyondTheCap() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            assertThat(socket.getInputStream().read()).as("closed by the server").isEqualTo(-1);
        }
        awaitCount(server::tcpUnframeable, 1);

        try (Socket idle = connect()) {
            assertThat(idle.getInputStream().read()).as("closed after the 300 ms idle timeout").isEqualTo(-1);
        }
        awaitCount(server::tcpIdleClosed, 1);

        Socket[] held = {connect(), connect(), connect(), connect()};
        try {
            awaitCount(server::tcpRefused, 1);
            assertThat(server.tcpConnections()).isEqualTo(3);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void aTakenPortFailsNamingIt() throws Exception {
        int taken = server.port();
        assertThatThrownBy(() -> StunServer.start(StunServerConfig.of(LOOPBACK, taken)))
                .isInstanceOf(BindException.class).hasMessageContaining("STUN port " + taken);
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(LOOPBACK, server.port()), 2_000);
        s.setSoTimeout(5_000);
        return s;
    }

    private static byte[] readStun(DataInputStream in) throws IOException {
        byte[] header = new byte[20];
        in.readFully(header);
        int len = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
        byte[] message = Arrays.copyOf(header, 20 + len);
        in.readFully(message, 20, len);
        return message;
    }

    private static void awaitCount(LongSupplier count, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (count.getAsLong() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(count.getAsLong()).isEqualTo(expected);
    }
}
