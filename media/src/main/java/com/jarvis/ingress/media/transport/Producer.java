package com.jarvis.ingress.media.transport;

import com.jarvis.ingress.media.audio.AudioSink;
import com.jarvis.ingress.media.audio.DecodePool;
import com.jarvis.ingress.media.audio.EncodedAudioSink;
import com.jarvis.ingress.media.audio.OpusAudioDecoder;
import com.jarvis.ingress.media.audio.OpusDecoders;
import com.jarvis.ingress.media.audio.OpusPackets;
import com.jarvis.ingress.media.audio.OpusStreamDecoder;
import com.jarvis.ingress.media.rtp.HeaderExtensions;
import com.jarvis.ingress.media.rtp.ReceiveStreamStats;
import com.jarvis.ingress.media.rtp.ReceiverReportWriter;
import com.jarvis.ingress.media.rtp.RtpPacket;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One audio stream a client sends on a {@link WebRtcTransport}: accepts the RTP packets whose payload type is the
 * client's Opus payload type and whose SSRC is the signalled one (or, without one, the first SSRC seen with that
 * payload type), keeps RFC 3550 receive statistics, and has its Opus decoded to 16 kHz mono by the server's
 * {@link DecodePool}, which hands frames to the {@link AudioSink} on a decode thread. Lost packets are recovered
 * with Opus in-band FEC when exactly one is missing, else concealed (at most
 * {@link OpusStreamDecoder#MAX_CONCEALED_PACKETS} per gap). Given an {@link EncodedAudioSink} it decodes nothing
 * (no decoder, no lane) and passes the in-order Opus payloads through instead, on the I/O thread.
 *
 * <p>Packet work runs on the transport's owner I/O thread under the transport's media lock (uncontended: the owner
 * is its only packet-path user): sequence tracking (late packets and gaps are decided here), statistics, and a copy
 * of the payload into the stream's decode lane; a full lane drops the packet ({@link DropReason#DECODE_QUEUE_FULL})
 * and the gap is concealed with the next packet. The getters take no lock: {@link #stats()} reads what the owner
 * published ({@link PublishedStats}).
 */
public final class Producer {
    /** Concealment per gap is capped: after a long outage, silence is better than 200 ms of made-up audio. */
    public static final int MAX_CONCEALED_PACKETS = OpusStreamDecoder.MAX_CONCEALED_PACKETS;
    /** A forward jump this large means the sender restarted its sequence: start over instead of concealing. */
    private static final int RESTART_JUMP = 1000;

    private final String id = UUID.randomUUID().toString();
    private final WebRtcTransport transport;
    private final Object lock;
    private final RtpParameters rtpParameters;
    private final int payloadType;
    private final int audioLevelId;
    private final AudioSink sink;
    /** Non-null when the sink takes Opus undecoded: then nothing is decoded. */
    private final EncodedAudioSink passThrough;
    private final ProducerListener listener;
    private final MediaCounters counters;
    /** Null when nothing is decoded (pass-through only). */
    private final OpusAudioDecoder decoder;
    /** The stream's queue on the decode pool; null when nothing is decoded. */
    private final DecodePool.Lane lane;
    private final ReceiverReportWriter reportWriter;
    private volatile boolean closed;
    private final PublishedStats published = new PublishedStats();
    /** Written under lock (once, when latching); volatile so that getters need no lock. */
    private volatile long ssrc;

    // Guarded by lock.
    private ReceiveStreamStats stats;
    private boolean haveSeq;
    private int lastSeq;
    /** Packets lost or dropped (full lane) since the last one queued for decoding: concealed with the next. */
    private int pendingLost;
    private long packetsSinceReport;
    private long acceptedPackets;
    private long acceptedBytes;
    private long passedThroughSamples;

    Producer(WebRtcTransport transport, Object lock, RtpParameters rtpParameters, RtpCodecParameters codec,
            AudioSink sink, ProducerListener listener, MediaCounters counters, long reporterSsrc, DecodePool pool,
            OpusDecoders decoders, int queuePackets) {
        this.transport = transport;
        this.lock = lock;
        this.rtpParameters = rtpParameters;
        this.payloadType = codec.payloadType();
        this.audioLevelId = rtpParameters.extensionId(HeaderExtensions.AUDIO_LEVEL_URI);
        this.sink = Objects.requireNonNull(sink, "sink");
        this.passThrough = sink instanceof EncodedAudioSink e ? e : null;
        if (passThrough == null || passThrough.alsoDecode()) {
            this.decoder = decoders.create();
            this.lane = pool.open(new OpusStreamDecoder(decoder, sink), queuePackets);
        } else {
            this.decoder = null;
            this.lane = null;
        }
        this.listener = listener == null ? ProducerListener.NONE : listener;
        this.counters = counters;
        Long signalled = rtpParameters.encodings().get(0).ssrc();
        this.ssrc = signalled == null ? -1 : signalled;
        if (ssrc >= 0) {
            stats = new ReceiveStreamStats(ssrc, Router.OPUS_CLOCK_RATE);
        }
        RtcpParameters rtcp = rtpParameters.rtcp();
        boolean reduced = rtcp != null && Boolean.TRUE.equals(rtcp.reducedSize());
        this.reportWriter = new ReceiverReportWriter(reporterSsrc, "jarvis-ingress", reduced);
    }

    public String id() {
        return id;
    }

    public String kind() {
        return "audio";
    }

    public RtpParameters rtpParameters() {
        return rtpParameters;
    }

    /** The client's Opus payload type this producer accepts. */
    public int payloadType() {
        return payloadType;
    }

    /** The stream's SSRC, or -1 while latching onto the first one. */
    public long ssrc() {
        return ssrc;
    }

    /** What this producer received, as of the last packet the owner I/O thread published (no lock taken). */
    public TransportStats stats() {
        return published.read(decodedSamples());
    }

    /** Opus packets that could not be decoded. */
    public long decodeErrors() {
        return decoder == null ? 0 : decoder.errors();
    }

    /** Samples synthesised by FEC or concealment (16 kHz). */
    public long concealedSamples() {
        return decoder == null ? 0 : decoder.concealedSamples();
    }

    /** Samples decoded (16 kHz); 0 when the stream is passed through undecoded. */
    public long decodedSamples() {
        return decoder == null ? 0 : decoder.decodedSamples();
    }

    /** True when this producer decodes its stream (false: pass-through only, no decoder exists). */
    public boolean decodes() {
        return lane != null;
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Stops receiving; the transport accepts a new {@code produce} afterwards. Once this returns no more frames
     * reach the sink (a frame being delivered on a decode thread is waited for) and the decoder is freed.
     * Idempotent.
     */
    public void close() {
        if (!closed) {
            closed = true;
            transport.producerClosed(this);
        }
        if (lane != null) {
            lane.close();
        }
    }

    /** I/O thread, lock held: one decrypted RTP packet. Returns the drop reason, or null when accepted. */
    DropReason onRtp(RtpPacket p, long nowNanos) {
        if (closed || p.payloadType() != payloadType) {
            return DropReason.RTP_UNKNOWN_STREAM;
        }
        if (ssrc < 0) {
            ssrc = p.ssrc(); // latch: no SSRC was signalled
            stats = new ReceiveStreamStats(ssrc, Router.OPUS_CLOCK_RATE);
        } else if (p.ssrc() != ssrc) {
            return DropReason.RTP_UNKNOWN_STREAM;
        }
        int payloadLength = p.payloadLength();
        stats.onRtp(p.sequenceNumber(), p.timestamp(), nowNanos, payloadLength);
        if (audioLevelId > 0) {
            int level = p.audioLevel(audioLevelId);
            if (level >= 0) {
                stats.onAudioLevel(level);
            }
        }
        acceptedPackets++;
        acceptedBytes += payloadLength;
        published.publish(acceptedPackets, acceptedBytes, stats.cumulativeLost(), stats.jitter(),
                stats.lastAudioLevel());
        packetsSinceReport++;
        counters.rtp(payloadLength);
        listener.onRtpPacket(payloadLength);

        int seq = p.sequenceNumber();
        if (passThrough != null && !passThrough.alsoDecode()) {
            return passThrough(p.buffer(), p.payloadOffset(), payloadLength, p.timestamp(), seq);
        }
        return decode(p.buffer(), p.payloadOffset(), payloadLength, p.timestamp(), seq);
    }

    // The packet's fields go on as primitives: onRtp stays small enough for the JIT to inline into the transport,
    // so the parsed RtpPacket never escapes and a packet allocates nothing.

    /** Lock held: sequence tracking and the copy into the decode lane. */
    private DropReason decode(byte[] buf, int payloadOffset, int payloadLength, long timestamp, int seq) {
        int lost = 0;
        boolean restart = false;
        if (haveSeq) {
            int delta = (short) (seq - lastSeq);
            if (delta <= 0) {
                return DropReason.RTP_LATE;
            }
            if (delta >= RESTART_JUMP) {
                restart = true;
                pendingLost = 0;
            } else {
                lost = delta - 1;
            }
        }
        haveSeq = true;
        lastSeq = seq;
        if (passThrough != null) {
            handOnEncoded(buf, payloadOffset, payloadLength, timestamp, seq);
        }
        if (payloadLength > OpusAudioDecoder.MAX_PACKET_BYTES) {
            pendingLost = (int) Math.min(lost + 1L + pendingLost, RESTART_JUMP);
            return DropReason.RTP_MALFORMED; // longer than any Opus packet a decoder accepts
        }
        if (payloadLength > 0) {
            lost = (int) Math.min(lost + (long) pendingLost, RESTART_JUMP);
            if (!lane.offer(buf, payloadOffset, payloadLength, timestamp, seq, lost, restart)) {
                pendingLost = lost + 1;
                return DropReason.DECODE_QUEUE_FULL;
            }
            pendingLost = 0;
        } else {
            pendingLost = (int) Math.min(lost + (long) pendingLost, RESTART_JUMP); // conceal with the next one
        }
        return null;
    }

    /** Pass-through: in-order payloads go to the sink as they are; late or repeated ones are dropped. */
    private DropReason passThrough(byte[] buf, int payloadOffset, int payloadLength, long timestamp, int seq) {
        if (haveSeq && (short) (seq - lastSeq) <= 0 && (short) (seq - lastSeq) > -RESTART_JUMP) {
            return DropReason.RTP_LATE;
        }
        haveSeq = true;
        lastSeq = seq;
        handOnEncoded(buf, payloadOffset, payloadLength, timestamp, seq);
        return null;
    }

    private void handOnEncoded(byte[] buf, int payloadOffset, int payloadLength, long timestamp, int seq) {
        if (payloadLength > 0) {
            int samples = OpusPackets.samples16k(buf, payloadOffset, payloadLength);
            if (!passThrough.alsoDecode()) {
                passedThroughSamples += samples;
                published.publishPassedThrough(passedThroughSamples);
            }
            passThrough.onEncoded(buf, payloadOffset, payloadLength, samples, timestamp, seq);
        }
    }

    /** Lock held: a sender report of the stream. */
    void onSenderReport(long senderSsrc, long ntpTimestamp, long nowNanos) {
        if (stats != null && senderSsrc == ssrc) {
            stats.onSenderReport(ntpTimestamp, nowNanos);
        }
    }

    /**
     * Lock held, timer thread: writes a receiver report into {@code buf} when packets arrived since the last one.
     *
     * @return bytes written, or 0 when there is nothing to report
     */
    int writeReceiverReport(byte[] buf, int off, long nowNanos) {
        if (closed || stats == null || packetsSinceReport == 0) {
            return 0;
        }
        packetsSinceReport = 0;
        return Math.max(0, reportWriter.write(buf, off, List.of(stats), nowNanos));
    }
}
