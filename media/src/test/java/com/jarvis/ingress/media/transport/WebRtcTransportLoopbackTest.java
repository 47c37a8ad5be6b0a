package com.jarvis.ingress.media.transport;

import static com.jarvis.ingress.media.transport.TransportTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jarvis.ingress.media.audio.AudioFrame;
import com.jarvis.ingress.media.audio.ToneAnalyzer;
import com.jarvis.ingress.media.dtls.DtlsRole;
import com.jarvis.ingress.media.rtp.ReportBlock;
import com.jarvis.ingress.media.rtp.RtcpPacket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import com.jarvis.ingress.media.ice.StunClass;
import com.jarvis.ingress.media.audio.DecodeConfig;
import com.jarvis.ingress.media.audio.OpusImplementation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A Java "browser" sends ICE, DTLS and SRTP Opus to a real WebRtcServer on 127.0.0.1, over UDP and over TCP; the
 * decoding cases run with both Opus decoders (libopus and Concentus).
 */
class WebRtcTransportLoopbackTest {
    private static final long SSRC = 0x11223344L;
    private static final int PACKETS = 100; // 2 s of 20 ms packets
    private static final List<byte[]> TONE = LoopbackBrowser.opusTone(440, PACKETS);

    private static WebRtcServer start(WebRtcServerConfig config, OpusImplementation decoder) throws Exception {
        // The browser here sends ten times faster than real time, and a cold Concentus decodes slower than that:
        // with the default 1 s decode queue, packets would be refused as designed (DecodePoolTest: a full lane refuses packets). This test is
        // about delivery, so the queue holds the whole session.
        DecodeConfig defaults = DecodeConfig.defaults();
        WebRtcServer server = WebRtcServer.start(config,
                new DecodeConfig(decoder, defaults.threads(), DecodeConfig.MAX_QUEUE_PACKETS));
        assertThat(server.opusDecoders().implementation()).isEqualTo(decoder);
        return server;
    }

    @ParameterizedTest
    @EnumSource(value = OpusImplementation.class, names = {"NATIVE", "JAVA"})
    void udpAudioIsReceivedDecodedAndReported(OpusImplementation decoder) throws Exception {
        try (WebRtcServer server = start(loopbackConfig().withProtocols(true, false), decoder)) {
            assertThat(server.udpPort()).isPositive();
            assertThat(server.tcpPort()).isEqualTo(-1);
            try (LoopbackBrowser browser = LoopbackBrowser.udp(server.udpPort())) {
                runAudioSession(server, browser, "udp");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = OpusImplementation.class, names = {"NATIVE", "JAVA"})
    void tcpAudioIsReceivedDecodedAndReported(OpusImplementation decoder) throws Exception {
        try (WebRtcServer server = start(loopbackConfig().withProtocols(false, true), decoder)) {
            assertThat(server.udpPort()).isEqualTo(-1);
            try (LoopbackBrowser browser = LoopbackBrowser.tcp(server.tcpPort())) {
                runAudioSession(server, browser, "tcp");
            }
        }
    }

    /** ICE restart mid-stream: new credentials, same transport and DTLS association, audio goes on. */
    @Test
    void iceRestartKeepsTheDtlsAssociationAndTheAudio() throws Exception {
        try (WebRtcServer server = WebRtcServer.start(loopbackConfig().withProtocols(true, false));
             LoopbackBrowser browser = LoopbackBrowser.udp(server.udpPort())) {
            WebRtcTransport transport = server.createTransport(null);
            IceParameters old = transport.iceParameters();
            connect(browser, transport);
            transport.produce("audio", chromeParameters(SSRC), new CollectingSink(), null);
            for (int i = 0; i < 20; i++) {
                browser.sendRtp(i, 960L * i, SSRC, TONE.get(i), 30);
            }
            assertThat(await(() -> transport.stats().rtpPackets() == 20, 5_000)).isTrue();

            IceParameters fresh = transport.restartIce();
            assertThat(fresh.usernameFragment()).isNotEqualTo(old.usernameFragment());
            assertThat(browser.check(fresh).stunClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
            for (int i = 20; i < 40; i++) {
                browser.sendRtp(i, 960L * i, SSRC, TONE.get(i), 30);
            }
            assertThat(await(() -> transport.stats().rtpPackets() == 40, 5_000)).isTrue();
            assertThat(transport.state()).isEqualTo(TransportState.CONNECTED);
            assertThat(server.counters().dtlsHandshakes()).isEqualTo(1);
            assertThat(server.counters().iceRestarts()).isEqualTo(1);
            // The peer switched: the old credentials no longer authenticate, even from the known tuple.
            browser.send(browser.bindingRequest(old, old.password(), true));
            assertThat(await(() -> transport.iceState() != null
                    && server.counters().drops(DropReason.STUN_REJECTED) >= 1, 2_000)).isTrue();
        }
    }

    private static void runAudioSession(WebRtcServer server, LoopbackBrowser browser, String protocol)
            throws Exception {
        Events events = new Events();
        WebRtcTransport transport = server.createTransport(events);
        IceCandidate candidate = transport.iceCandidates().get(0);
        assertThat(transport.iceCandidates()).hasSize(1);
        assertThat(candidate.protocol()).isEqualTo(protocol);
        assertThat(candidate.ip()).isEqualTo("127.0.0.1");

        connect(browser, transport);
        // The state is set before the listener hears of it, on the thread that changed it.
        await(() -> events.states.size() == 2, 5_000);
        assertThat(events.states).containsExactly(TransportState.CONNECTING, TransportState.CONNECTED);
        assertThatThrownBy(() -> transport.connect(DtlsRole.CLIENT, browser.fingerprints()))
                .isInstanceOf(IllegalStateException.class);

        CollectingSink sink = new CollectingSink();
        AtomicLong listenerPackets = new AtomicLong();
        AtomicLong listenerBytes = new AtomicLong();
        Producer producer = transport.produce("audio", chromeParameters(SSRC), sink, bytes -> {
            listenerPackets.incrementAndGet();
            listenerBytes.addAndGet(bytes);
        });
        assertThatThrownBy(() -> transport.produce(chromeParameters(SSRC), f -> { }))
                .isInstanceOf(IllegalStateException.class);

        long payloadBytes = 0;
        for (int i = 0; i < PACKETS; i++) {
            byte[] opus = TONE.get(i);
            payloadBytes += opus.length;
            browser.sendRtp(1000 + i, 5000 + 960L * i, SSRC, opus, 30);
            if (i == PACKETS / 2) {
                browser.sendSenderReport(SSRC, 0x0123_4567_89AB_CDEFL, 5000 + 960L * i, i, payloadBytes);
            }
            if (i % 5 == 4) {
                Thread.sleep(5);
            }
        }
        assertThat(await(() -> transport.stats().rtpPackets() == PACKETS, 5_000)).isTrue();
        assertThat(await(() -> sink.decoded.size() == PACKETS, 5_000)).as("decoded off the I/O thread").isTrue();
        assertThat(sink.threads).allMatch(t -> t.startsWith("opus-decode-"));
        assertThat(await(() -> !browser.receiverReports().isEmpty(), 3_000)).as("receiver report").isTrue();

        TransportStats stats = transport.stats();
        assertThat(stats.rtpPayloadBytes()).isEqualTo(payloadBytes);
        assertThat(stats.packetsLost()).isZero();
        assertThat(stats.jitterSeconds()).isBetween(0.0, 0.5);
        assertThat(stats.audioSecondsDecoded()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.001));
        assertThat(stats.lastAudioLevelDbov()).isEqualTo(30);
        assertThat(listenerPackets.get()).isEqualTo(PACKETS);
        assertThat(listenerBytes.get()).isEqualTo(payloadBytes);
        assertThat(server.counters().rtpPackets()).isEqualTo(PACKETS);
        assertThat(server.counters().rtpPayloadBytes()).isEqualTo(payloadBytes);
        assertThat(server.counters().rtcpPackets()).isEqualTo(1);
        assertThat(server.counters().totalDrops()).isZero();
        assertThat(producer.decodeErrors()).isZero();

        assertThat(sink.decoded).hasSize(PACKETS);
        assertThat(sink.concealed).isEmpty();
        short[] pcm = sink.decodedPcm();
        assertThat(pcm.length).isEqualTo(PACKETS * 320);
        int skip = AudioFrame.SAMPLE_RATE / 10; // let the codec settle
        double hz = ToneAnalyzer.dominantFrequency(Arrays.copyOfRange(pcm, skip, pcm.length), AudioFrame.SAMPLE_RATE);
        assertThat(hz).isBetween(430.0, 450.0);

        RtcpPacket.ReceiverReport rr = browser.receiverReports().get(browser.receiverReports().size() - 1);
        assertThat(rr.reportBlocks()).hasSize(1);
        ReportBlock block = rr.reportBlocks().get(0);
        assertThat(block.ssrc()).isEqualTo(SSRC);
        assertThat(block.cumulativeLost()).isZero();
        assertThat(block.extendedHighestSequence()).isBetween(1000L, 1000L + PACKETS - 1);
        assertThat(browser.rtcpAuthFailures).isZero();
        // Counted once its send returned, so the browser can hold the report first.
        assertThat(await(() -> server.counters().receiverReportsSent() > 0, 5_000)).as("reports counted").isTrue();

        transport.close();
        assertThat(transport.state()).isEqualTo(TransportState.CLOSED);
        assertThat(events.closed).isEqualTo(CloseReason.CLOSED_BY_APP);
        assertThat(server.transportCount()).isZero();
        assertThat(server.mappedTuples()).isZero();
        assertThat(server.mappedUfrags()).isZero();
        transport.close(); // idempotent
        assertThat(server.counters().transportsClosed()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(value = OpusImplementation.class, names = {"NATIVE", "JAVA"})
    void lostPacketsAreRecoveredOrConcealedAndCounted(OpusImplementation decoder) throws Exception {
        try (WebRtcServer server = start(loopbackConfig().withProtocols(true, false), decoder);
             LoopbackBrowser browser = LoopbackBrowser.udp(server.udpPort())) {
            WebRtcTransport transport = server.createTransport(null);
            connect(browser, transport);
            CollectingSink sink = new CollectingSink();
            transport.produce(chromeParameters(null), sink); // no SSRC signalled: latch onto the first
            int sent = 0;
            for (int i = 0; i < 50; i++) {
                if (i == 10 || (i >= 20 && i < 23)) {
                    continue; // one lost packet (FEC), then three (concealment)
                }
                browser.sendRtp(i, 960L * i, SSRC, TONE.get(i), 40);
                sent++;
            }
            int expected = sent;
            assertThat(await(() -> transport.stats().rtpPackets() == expected, 5_000)).isTrue();
            assertThat(await(() -> sink.decoded.size() == expected, 5_000)).isTrue();
            assertThat(transport.producer().ssrc()).isEqualTo(SSRC);
            assertThat(transport.stats().packetsLost()).isEqualTo(4);
            assertThat(sink.decoded).hasSize(expected);
            assertThat(sink.concealed).hasSizeGreaterThanOrEqualTo(2);
            assertThat(sink.concealed.stream().mapToInt(p -> p.length).sum()).isEqualTo(4 * 320);
        }
    }

    @Test
    void anEncodedSinkGetsTheOpusPayloadsUndecodedInOrder() throws Exception {
        try (WebRtcServer server = WebRtcServer.start(loopbackConfig().withProtocols(true, false));
             LoopbackBrowser browser = LoopbackBrowser.udp(server.udpPort())) {
            WebRtcTransport transport = server.createTransport(null);
            connect(browser, transport);
            List<byte[]> payloads = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<Integer> samples = new java.util.concurrent.CopyOnWriteArrayList<>();
            AtomicLong pcmFrames = new AtomicLong();
            com.jarvis.ingress.media.audio.EncodedAudioSink sink = new com.jarvis.ingress.media.audio.EncodedAudioSink() {
                @Override
                public void onEncoded(byte[] packet, int off, int len, int n, long rtpTimestamp, int seq) {
                    payloads.add(Arrays.copyOfRange(packet, off, off + len));
                    samples.add(n);
                }

                @Override
                public void onAudio(AudioFrame frame) {
                    pcmFrames.incrementAndGet();
                }
            };
            Producer producer = transport.produce(chromeParameters(SSRC), sink);
            for (int i = 0; i < 30; i++) {
                browser.sendRtp(i, 960L * i, SSRC, TONE.get(i), 40);
            }
            assertThat(await(() -> transport.stats().rtpPackets() == 30, 5_000)).isTrue();
            assertThat(payloads).hasSize(30);
            for (int i = 0; i < 30; i++) {
                assertThat(payloads.get(i)).isEqualTo(TONE.get(i));
            }
            assertThat(samples).containsOnly(320);
            assertThat(pcmFrames.get()).as("nothing decoded").isZero();
            assertThat(producer.decodes()).as("no decoder or decode lane exists").isFalse();
            assertThat(producer.decodeErrors()).isZero();
            assertThat(producer.stats().audioSecondsDecoded()).isEqualTo(0.6, org.assertj.core.data.Offset.offset(1e-9));
        }
    }
}
