package com.jarvis.ingress.bench.loadgen;

import com.jarvis.ingress.media.dtls.DtlsFingerprint;
import com.jarvis.ingress.media.transport.RtpParameters;
import java.util.List;
import java.util.Map;

/**
 * How one simulated client talks to the server outside the media path: the service's REST API
 * ({@link RestSignalling}) or, in tests, a media {@code WebRtcServer} in the same process. Calls block; any failure
 * is an exception whose message says which step failed.
 */
interface Signalling {

    /** Registers the client's device (not timed as part of the connect; a device registers once, not per session). */
    Device register(int index) throws Exception;

    /**
     * The Opus {@code maxplaybackrate} of the server's router capabilities (what mediasoup-client puts in the
     * answer Chrome encodes for), or 48000 when they name none.
     */
    default int maxPlaybackRate() throws Exception {
        return 48_000;
    }

    /** Server-wide counters, read at the edges of the measured window and of the run. */
    ServerCounters serverCounters() throws Exception;

    /**
     * RTP packets the server accepted, and the counters that explain losses: media packets dropped and transports
     * closed, by reason (e.g. {@code ingress_media_packets_dropped_total{reason="rtp_unknown_tuple"}}).
     */
    record ServerCounters(long rtpPackets, Map<String, Double> dropsAndCloses) {
    }

    /** A registered device. */
    interface Device {
        /**
         * Creates a session (not timed as part of the connect) with {@code audioConfig.codec} = {@code codec} (what
         * its data-channel chunks carry).
         */
        Handle openSession(String codec) throws Exception;
    }

    /** One client's signalling once it has a session. */
    interface Handle {
        /** transport/create: the server's ICE parameters, candidate and DTLS parameters. */
        ServerTransport createTransport() throws Exception;

        /** transport/connect with our DTLS role (client) and certificate fingerprints. */
        void connect(List<DtlsFingerprint> fingerprints) throws Exception;

        /** producer/create for our audio stream. */
        void produce(RtpParameters rtpParameters) throws Exception;

        /** What the server says it received for this client. */
        ServerStats stats() throws Exception;

        /** Ends the session (closes the transport on the server). */
        void close() throws Exception;
    }

    /**
     * RTP packets and losses the server counted for one session, the audio it decoded or passed on, and the
     * data-channel audio chunks it received.
     */
    record ServerStats(long packets, long packetsLost, double audioSeconds, long dataChunks) {
    }
}
