package com.jarvis.ingress.support;

import com.jarvis.ingress.media.ice.StunClass;
import com.jarvis.ingress.media.ice.StunConstants;
import com.jarvis.ingress.media.ice.StunIntegrity;
import com.jarvis.ingress.media.ice.StunMessage;
import com.jarvis.ingress.media.ice.StunMessageBuilder;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;

/** An ICE connectivity check the way a browser sends it, over UDP, for tests that poke a running service. */
public final class StunProbe {
    private StunProbe() {
    }

    /**
     * Sends one Binding request {@code serverUfrag:probe} signed with {@code password} (no USE-CANDIDATE, so a
     * connected transport keeps its selected tuple) and returns the class of the answer, or null when none came
     * within 2 s.
     */
    public static StunClass check(InetSocketAddress server, String serverUfrag, String password) throws IOException {
        byte[] tx = new byte[StunConstants.TRANSACTION_ID_LENGTH];
        new SecureRandom().nextBytes(tx);
        byte[] request = StunMessageBuilder.create(StunClass.REQUEST, StunConstants.METHOD_BINDING, tx, 0)
                .username(serverUfrag + ":probe").priority(0x6e0001ff).iceControlling(0x1234_5678L)
                .messageIntegrity(new StunIntegrity(password)).fingerprint().build();
        try (DatagramSocket socket = new DatagramSocket(0, server.getAddress().getAddress().length == 16
                ? java.net.InetAddress.getByName("::") : java.net.InetAddress.getByName("0.0.0.0"))) {
            socket.setSoTimeout(2_000);
            socket.send(new DatagramPacket(request, request.length, server));
            byte[] buf = new byte[1500];
            DatagramPacket answer = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(answer);
            } catch (SocketTimeoutException e) {
                return null;
            }
            StunMessage m = StunMessage.parse(buf, 0, answer.getLength());
            return m == null ? null : m.stunClass();
        }
    }
}
