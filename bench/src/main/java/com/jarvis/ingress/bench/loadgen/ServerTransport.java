package com.jarvis.ingress.bench.loadgen;

import com.jarvis.ingress.media.transport.DtlsParameters;
import com.jarvis.ingress.media.transport.IceCandidate;
import com.jarvis.ingress.media.transport.IceParameters;
import java.net.InetSocketAddress;
import java.util.List;

/** The server side of one transport as transport/create describes it; we use its first UDP candidate. */
record ServerTransport(String id, IceParameters iceParameters, List<IceCandidate> iceCandidates,
        DtlsParameters dtlsParameters) {

    /** The address of the first UDP candidate. */
    InetSocketAddress udpAddress() {
        for (IceCandidate c : iceCandidates) {
            if ("udp".equalsIgnoreCase(c.protocol())) {
                return new InetSocketAddress(c.ip() != null ? c.ip() : c.address(), c.port());
            }
        }
        throw new IllegalStateException("transport " + id + " offers no UDP candidate");
    }
}
