package com.jarvis.ingress.bench.loadgen;

import com.jarvis.ingress.media.dtls.DtlsFingerprint;
import com.jarvis.ingress.media.dtls.DtlsRole;
import com.jarvis.ingress.media.transport.CloseReason;
import com.jarvis.ingress.media.transport.DataMessageListener;
import com.jarvis.ingress.media.transport.DataProducer;
import com.jarvis.ingress.media.transport.DropReason;
import com.jarvis.ingress.media.transport.RtpParameters;
import com.jarvis.ingress.media.transport.TransportListener;
import com.jarvis.ingress.media.transport.TransportState;
import com.jarvis.ingress.media.transport.TransportStats;
import com.jarvis.ingress.media.transport.WebRtcServer;
import com.jarvis.ingress.media.transport.WebRtcTransport;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The load generator's signalling done directly on a media {@link WebRtcServer} in the test's process. */
final class InProcessSignalling implements Signalling {
    private final WebRtcServer server;
    /** Decoded (not concealed) 20 ms frames across all producers. */
    final AtomicLong decodedFrames = new AtomicLong();
    final AtomicLong concealedFrames = new AtomicLong();
    /** Devices registered. */
    final AtomicLong registered = new AtomicLong();
    /** Why the server closed transports. */
    final Map<CloseReason, AtomicLong> closeReasons = new ConcurrentHashMap<>();

    InProcessSignalling(WebRtcServer server) {
        this.server = server;
    }

    @Override
    public ServerCounters serverCounters() {
        Map<String, Double> out = new TreeMap<>();
        for (DropReason r : DropReason.values()) {
            out.put("dropped{" + r + "}", (double) server.counters().drops(r));
        }
        return new ServerCounters(server.counters().rtpPackets(), out);
    }

    @Override
    public Device register(int index) {
        registered.incrementAndGet();
        return codec -> new Handle() {
            private WebRtcTransport transport;
            /** Binary messages on the client's DCEP channel, as the service counts them (dataChunks). */
            private final AtomicLong chunks = new AtomicLong();

            @Override
            public ServerTransport createTransport() {
                transport = server.createTransport(new TransportListener() {
                    @Override
                    public void onClosed(CloseReason reason) {
                        closeReasons.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
                    }

                    @Override
                    public DataMessageListener onDataChannelOpened(DataProducer producer) {
                        return (streamId, ppid, data) -> {
                            if (DataMessageListener.isBinary(ppid)) {
                                chunks.incrementAndGet();
                            }
                        };
                    }
                });
                return new ServerTransport(transport.id(), transport.iceParameters(), transport.iceCandidates(),
                        transport.dtlsParameters());
            }

            @Override
            public void connect(List<DtlsFingerprint> fingerprints) {
                transport.connect(DtlsRole.CLIENT, fingerprints);
            }

            @Override
            public void produce(RtpParameters rtpParameters) throws InterruptedException {
                // Over REST the producer/create round trip leaves the server time to finish its side of the
                // handshake; here, wait for it so the first packet does not race the server's SRTP set-up.
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (transport.state() != TransportState.CONNECTED && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                transport.produce("audio", rtpParameters,
                        frame -> (frame.concealed() ? concealedFrames : decodedFrames).incrementAndGet(), null);
            }

            @Override
            public ServerStats stats() {
                TransportStats s = transport.stats();
                return new ServerStats(s.rtpPackets(), s.packetsLost(), s.audioSecondsDecoded(), chunks.get());
            }

            @Override
            public void close() {
                transport.close();
            }
        };
    }
}
