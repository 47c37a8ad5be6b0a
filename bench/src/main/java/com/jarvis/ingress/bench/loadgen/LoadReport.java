package com.jarvis.ingress.bench.loadgen;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one run measured.
 * <ul>
 * <li>Packets: sent by the clients (whole run) against what the server's per-session stats counted (loss);
 * {@code kernelUdpReceiveBufferDrops}: datagrams the kernel dropped machine-wide for full receive buffers from the
 * first connect to the stats (lost before the server read them); {@code serverCounterGrowth}: the server's drop and
 * transport-close counters that grew over the run (packets lost inside the server, by reason).</li>
 * <li>CPU: the server's CPU seconds over the streaming window / (connected clients x window);
 * {@code cpuPercentOfCorePerReceivedStream}: the same CPU divided by the stream-seconds the server actually received
 * in the window (its RTP packet counter / 50), the per-session cost that losses do not flatter;
 * {@code sessionsPerCore} is its inverse. {@code serverIdleCpuPercent}: the service's CPU with no session (5 s
 * before the run), included in the figures above.</li>
 * <li>Heap: live heap after a full GC with the clients streaming, and with them connected but silent, minus the
 * heap before the run, per client.</li>
 * <li>Generator health over the window: pacer slots more than 5 ms late, and slots skipped when more than 200 ms
 * behind (their packets were never sent).</li>
 * </ul>
 * <li>Connect steps: {@code transportConnectMillis} and {@code producerCreateMillis} are those requests' round
 * trips; {@code dataChannelOpenMillis} the SCTP association and DCEP OPEN after DTLS.</li>
 * <li>Data-channel chunks ({@code chunks} = opus/pcm): sent by the clients (queued by their SCTP) against the
 * server's per-session {@code dataChunks}; SCTP retransmits, so loss here means chunks still in flight or
 * refused.</li>
 * </ul>
 * Fields that could not be measured (no server pid) are -1.
 */
record LoadReport(String label, int sessions, int connected, List<String> errors, Percentiles connectMillis,
        Percentiles transportCreateMillis, Percentiles iceMillis, Percentiles dtlsHandshakeMillis,
        double connectPhaseSeconds, double windowSeconds, long packetsSent, long packetsReceivedByServer,
        double lossPercent, long serverPacketsLost, double serverAudioSeconds, long clientSendErrors,
        long rtcpReceived, double serverCpuSeconds, double cpuPercentOfCorePerSession, double sessionsPerCore,
        long serverRtpPacketsInWindow, double cpuPercentOfCorePerReceivedStream, double serverIdleCpuPercent,
        long heapBaselineKb, long heapStreamingKb, long heapIdleKb, double heapPerSessionStreamingKb,
        double heapPerSessionIdleKb, double loadAverageStart, double loadAverageEnd, long pacerMaxLagMillis,
        long pacerLateTicks, long pacerSkippedTicks, double generatorCpuSeconds, long kernelUdpReceiveBufferDrops,
        Map<String, Double> serverCounterGrowth, Percentiles transportConnectMillis,
        Percentiles producerCreateMillis, Percentiles dataChannelOpenMillis, String chunks, long chunksSent,
        long chunksReceivedByServer, double chunkLossPercent, long chunkSendFailures) {

    static final String MARKDOWN_HEADER = """
            | run | sessions ok | connect p50/p95/max (ms) | RTP sent | received by server | loss | server CPU per session (% core) | per received stream | sessions/core | heap/session streaming / idle (KB) | kernel UDP drops | load avg | pacer late ticks |
            |---|---|---|---|---|---|---|---|---|---|---|---|---|""";

    /** One row under {@link #MARKDOWN_HEADER}. */
    String markdownRow() {
        return String.format(Locale.ROOT, "| %s | %d/%d | %d / %d / %d | %d | %d | %.3f %% | %.4f | %.4f | %.0f "
                        + "| %.0f / %.0f | %d | %.2f → %.2f | %d |", label.isEmpty() ? "-" : label, connected, sessions,
                connectMillis.p50(), connectMillis.p95(), connectMillis.max(), packetsSent, packetsReceivedByServer,
                lossPercent, cpuPercentOfCorePerSession, cpuPercentOfCorePerReceivedStream, sessionsPerCore,
                heapPerSessionStreamingKb, heapPerSessionIdleKb, kernelUdpReceiveBufferDrops, loadAverageStart,
                loadAverageEnd, pacerLateTicks);
    }

    /** The connect steps and data-channel chunks, for the log (the table row stays comparable across runs). */
    String detailLine() {
        String steps = String.format(Locale.ROOT, "connect steps p50/p95 (ms): transport/create %d/%d, "
                        + "transport/connect %d/%d, ICE %d/%d, DTLS handshake %d/%d, producer/create %d/%d",
                transportCreateMillis.p50(), transportCreateMillis.p95(), transportConnectMillis.p50(),
                transportConnectMillis.p95(), iceMillis.p50(), iceMillis.p95(), dtlsHandshakeMillis.p50(),
                dtlsHandshakeMillis.p95(), producerCreateMillis.p50(), producerCreateMillis.p95());
        if ("off".equals(chunks)) {
            return steps;
        }
        return steps + String.format(Locale.ROOT, ", data channel %d/%d; %s chunks sent %d, received by server "
                        + "%d, loss %.3f %%, send failures %d", dataChannelOpenMillis.p50(), dataChannelOpenMillis.p95(),
                chunks, chunksSent, chunksReceivedByServer, chunkLossPercent, chunkSendFailures);
    }
}
