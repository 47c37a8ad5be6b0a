package com.jarvis.ingress.media.stun;

import com.jarvis.ingress.media.ice.StunClass;
import com.jarvis.ingress.media.ice.StunConstants;
import com.jarvis.ingress.media.ice.StunMessage;
import com.jarvis.ingress.media.ice.StunMessageBuilder;
import com.jarvis.ingress.media.net.PacketHandler;
import com.jarvis.ingress.media.net.PacketSender;
import com.jarvis.ingress.media.net.Transport;
import java.net.InetSocketAddress;

/**
 * Answers STUN Binding requests of one socket (one instance per I/O thread: it reuses one response buffer).
 *
 * <p>The success response carries XOR-MAPPED-ADDRESS only, plus FINGERPRINT when the request had one, so it is
 * 32 bytes for an IPv4 client (44 for IPv6) whatever the request: a spoofed 20-byte request gets back at most
 * 2.2 times its size in one packet. MAPPED-ADDRESS (RFC 3489 clients) and SOFTWARE are left out for the same reason.
 * Everything else is dropped without a reply and counted: no error responses, so nothing can be reflected at a
 * third party but the smallest answer.
 */
final class BindingResponder implements PacketHandler {
    private final Transport transport;
    private final StunServerCounters counters;
    private final StunMessageBuilder response = StunMessageBuilder.create(StunClass.SUCCESS_RESPONSE,
            StunConstants.METHOD_BINDING, new byte[StunConstants.TRANSACTION_ID_LENGTH], 0);

    BindingResponder(Transport transport, StunServerCounters counters) {
        this.transport = transport;
        this.counters = counters;
    }

    @Override
    public void onPacket(byte[] data, int off, int len, InetSocketAddress from, Transport via, PacketSender replyTo) {
        counters.count(transport, answer(data, off, len, from, replyTo));
    }

    private StunResult answer(byte[] data, int off, int len, InetSocketAddress from, PacketSender replyTo) {
        StunMessage request = StunMessage.parse(data, off, len);
        if (request == null || (request.hasFingerprint() && !request.verifyFingerprint())) {
            return StunResult.MALFORMED;
        }
        if (!request.isBindingRequest()) {
            return StunResult.IGNORED;
        }
        response.reset(StunClass.SUCCESS_RESPONSE, StunConstants.METHOD_BINDING, data, off + 8)
                .xorMappedAddress(from);
        if (request.hasFingerprint()) {
            response.fingerprint();
        }
        return replyTo.send(response.array(), 0, response.length()) ? StunResult.ANSWERED : StunResult.SEND_FAILED;
    }
}
