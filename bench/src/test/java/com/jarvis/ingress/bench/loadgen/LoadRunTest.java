package com.jarvis.ingress.bench.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.media.transport.DropReason;
import com.jarvis.ingress.media.transport.WebRtcServer;
import com.jarvis.ingress.media.transport.WebRtcServerConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The generator's clients (ICE, DTLS client, SRTP Opus, sender reports, consent checks, pacing) against a real
 * media WebRtcServer on 127.0.0.1: every client connects, every packet sent arrives, authenticates and decodes.
 */
class LoadRunTest {
    private static final int CLIENTS = 10;

    @Test
    void clientsConnectStreamAndEveryPacketIsDecodedByTheServer() throws Exception {
        WebRtcServerConfig config = WebRtcServerConfig.defaults().withListenIp("127.0.0.1").withPorts(0, 0)
                .withProtocols(true, false);
        try (WebRtcServer server = WebRtcServer.start(config)) {
            InProcessSignalling signalling = new InProcessSignalling(server);
            LoadOptions options = new LoadOptions("in-process", CLIENTS, 0, 10, 6, 0, 0, 0, null, null, "test", 2,
                    false, ChunkMode.OFF, true, 0, 0, 0, true);
            List<String> log = new ArrayList<>();
            LoadReport report = new LoadRun(options, signalling, OpusClip.tone(2), log::add).run();

            StringBuilder drops = new StringBuilder();
            for (DropReason r : DropReason.values()) {
                if (server.counters().drops(r) > 0) {
                    drops.append(r).append('=').append(server.counters().drops(r)).append(' ');
                }
            }
            String context = report + " drops: " + drops + " closed: " + signalling.closeReasons;
            assertThat(report.errors()).as(context).isEmpty();
            assertThat(report.connected()).isEqualTo(CLIENTS);
            assertThat(signalling.registered.get()).isEqualTo(CLIENTS); // all before the burst, once each
            assertThat(report.connectMillis().count()).isEqualTo(CLIENTS);
            assertThat(report.connectMillis().p50()).isPositive();
            // 50 packet/s through the 6 s window (less what a starved pacer had to skip on a busy machine)
            assertThat(report.packetsSent()).isGreaterThan(CLIENTS * 50L * 6 * 8 / 10);
            assertThat(report.packetsReceivedByServer()).as(context).isEqualTo(report.packetsSent());
            assertThat(report.lossPercent()).isZero();
            assertThat(report.serverPacketsLost()).isZero();
            assertThat(report.clientSendErrors()).isZero();
            assertThat(server.counters().totalDrops()).isZero();
            assertThat(report.serverCounterGrowth()).isEmpty();
            assertThat(server.counters().rtpPackets()).isEqualTo(report.packetsSent());
            // real Opus: one decoded 20 ms frame per packet, nothing concealed
            assertThat(signalling.decodedFrames.get()).isEqualTo(report.packetsSent());
            assertThat(signalling.concealedFrames.get()).isZero();
            assertThat(report.serverAudioSeconds()).isCloseTo(report.packetsSent() * 0.02,
                    org.assertj.core.data.Offset.offset(0.01));
            // a sender report every 5 s from each client, receiver reports back, consent checks answered
            assertThat(server.counters().rtcpPackets()).isGreaterThanOrEqualTo(CLIENTS);
            assertThat(report.rtcpReceived()).isPositive();
            assertThat(server.counters().stunSuccesses()).isGreaterThanOrEqualTo(2L * CLIENTS);
            assertThat(log).anyMatch(l -> l.startsWith(CLIENTS + "/" + CLIENTS + " connected"));
            assertThat(server.transportCount()).isZero();
            assertThat(report.chunksSent()).isZero();
            assertThat(report.producerCreateMillis().count()).isEqualTo(CLIENTS);
        }
    }

    @Test
    void dataChannelChunksAllReachTheServer() throws Exception {
        WebRtcServerConfig config = WebRtcServerConfig.defaults().withListenIp("127.0.0.1").withPorts(0, 0)
                .withProtocols(true, false);
        try (WebRtcServer server = WebRtcServer.start(config)) {
            InProcessSignalling signalling = new InProcessSignalling(server);
            // Data-channel-only clients: DCEP channel over SCTP over DTLS, an Opus chunk every 20 ms.
            LoadOptions options = new LoadOptions("in-process", 4, 0, 4, 4, 0, 0, 0, null, null, "chunks", 2,
                    false, ChunkMode.OPUS, false, 2, 0, 0, false);
            LoadReport report = new LoadRun(options, signalling, OpusClip.tone(2), m -> { }).run();

            assertThat(report.errors()).as(report.toString()).isEmpty();
            assertThat(report.connected()).isEqualTo(4);
            assertThat(signalling.registered.get()).isEqualTo(4); // each in the burst
            assertThat(report.dataChannelOpenMillis().count()).isEqualTo(4);
            assertThat(report.packetsSent()).isZero();
            assertThat(report.chunksSent()).isGreaterThan(4 * 50L * 4 * 8 / 10);
            assertThat(report.chunksReceivedByServer()).as(report.toString()).isEqualTo(report.chunksSent());
            assertThat(report.chunkLossPercent()).isZero();
            assertThat(report.chunkSendFailures()).isZero();
            assertThat(server.counters().dataChannelsOpened()).isEqualTo(4);
        }
    }
}
