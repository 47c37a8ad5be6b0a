package com.jarvis.ingress.webrtc;

import com.jarvis.ingress.media.transport.DtlsParameters;
import com.jarvis.ingress.media.transport.IceCandidate;
import com.jarvis.ingress.media.transport.IceParameters;
import java.util.List;

/** What a client needs to open its send transport (mediasoup-client's {@code TransportOptions}). */
public record TransportOptions(String id, IceParameters iceParameters, List<IceCandidate> iceCandidates,
                               DtlsParameters dtlsParameters, SctpParameters sctpParameters) {

    /** The SCTP association the transport offers: port, outbound/inbound stream counts, largest message. */
    public record SctpParameters(int port, int outboundStreams, int maxInboundStreams, int maxMessageSize) {
        public static final SctpParameters DEFAULT = new SctpParameters(5000, 1024, 1024, 262144);
    }
}
