package com.jarvis.ingress.webrtc;

import com.jarvis.ingress.config.EnvReader;
import com.jarvis.ingress.media.audio.DecodeConfig;
import com.jarvis.ingress.media.audio.OpusDecoders;
import com.jarvis.ingress.media.audio.OpusImplementation;
import com.jarvis.ingress.media.transport.ListenInfo;
import com.jarvis.ingress.media.transport.WebRtcServerConfig;
import java.util.List;
import java.util.function.Function;

/**
 * The media plane's environment variables: MEDIASOUP_LISTEN_IPS (JSON; overrides the next two), MEDIASOUP_LISTEN_IP,
 * MEDIASOUP_ANNOUNCED_IP, RTC_MIN_PORT, RTC_MAX_PORT,
 * RTC_SINGLE_PORT, RTC_ENABLE_UDP, RTC_ENABLE_TCP, RTC_CONSENT_TIMEOUT_MS, RTC_CONNECT_TIMEOUT_MS,
 * RTC_MAX_TRANSPORTS, MEDIA_IO_THREADS, the service's RTC_MAX_TRANSPORTS_PER_USER, and Opus decoding: OPUS_DECODER,
 * OPUS_DECODE_THREADS, OPUS_DECODE_QUEUE. Every problem is reported at once, like the rest of the configuration.
 */
public final class MediaConfigLoader {
    private MediaConfigLoader() {
    }

    public static WebRtcServerConfig load(Function<String, String> env) {
        EnvReader r = new EnvReader(env);
        List<ListenInfo> listenInfos = listenInfos(r);
        // RTC_MIN_PORT=0 (single-port mode only) binds any free port: for tests and several instances on one host.
        int min = r.integer("RTC_MIN_PORT", 10000, 0, 65535);
        int max = r.integer("RTC_MAX_PORT", 10100, 0, 65535);
        if (max < min) {
            r.problem("RTC_MAX_PORT (" + max + ") must not be below RTC_MIN_PORT (" + min + ")");
        }
        boolean single = r.bool("RTC_SINGLE_PORT", true);
        boolean udp = r.bool("RTC_ENABLE_UDP", true);
        boolean tcp = r.bool("RTC_ENABLE_TCP", true);
        if (!single && min == 0) {
            r.problem("RTC_SINGLE_PORT=false needs a port range: RTC_MIN_PORT must be above 0");
        }
        if (!udp && !tcp) {
            r.problem("RTC_ENABLE_UDP and RTC_ENABLE_TCP cannot both be false");
        }
        int consent = r.integer("RTC_CONSENT_TIMEOUT_MS", 30_000, 10_000, 60_000);
        // Unconnected transports get as long as a vanished client keeps a connected one: the consent timeout.
        int connect = r.integer("RTC_CONNECT_TIMEOUT_MS", consent, (int) WebRtcServerConfig.MIN_CONNECT_TIMEOUT_MILLIS,
                (int) WebRtcServerConfig.MAX_CONNECT_TIMEOUT_MILLIS);
        int maxTransports = r.integer("RTC_MAX_TRANSPORTS", 2000, 1, 100_000);
        // Sockets (and I/O threads) on the shared port: the media plane's receive work spreads over this many cores.
        int ioThreads = r.integer("MEDIA_IO_THREADS", WebRtcServerConfig.defaultIoThreads(), 1,
                WebRtcServerConfig.MAX_IO_THREADS);
        r.throwIfProblems();
        WebRtcServerConfig defaults = WebRtcServerConfig.defaults();
        return new WebRtcServerConfig(listenInfos, min, max, udp, tcp, single, consent, defaults.dtls(),
                maxTransports, defaults.handshakeThreads(), connect, ioThreads);
    }

    /**
     * OPUS_DECODER ({@code auto} default: the system's libopus when it loads, else Concentus; {@code native}: libopus
     * or refuse to start; {@code java}: Concentus), OPUS_DECODE_THREADS (default: available processors, 1-64),
     * OPUS_DECODE_QUEUE (packets one session may have waiting for decoding, default 50 = 1 s, 1-1000).
     */
    public static DecodeConfig loadDecoding(Function<String, String> env) {
        EnvReader r = new EnvReader(env);
        String text = r.text("OPUS_DECODER", "auto");
        OpusImplementation implementation = OpusImplementation.parse(text);
        if (implementation == null) {
            r.problem("OPUS_DECODER must be auto, native or java (got '" + text + "')");
        } else if (implementation == OpusImplementation.NATIVE && !OpusDecoders.nativeAvailable()) {
            r.problem("OPUS_DECODER=native but libopus could not be loaded (" + OpusDecoders.nativeUnavailableReason()
                    + "); install libopus0 or use OPUS_DECODER=auto");
        }
        int threads = r.integer("OPUS_DECODE_THREADS", DecodeConfig.defaultThreads(), 1, DecodeConfig.MAX_THREADS);
        int queue = r.integer("OPUS_DECODE_QUEUE", DecodeConfig.DEFAULT_QUEUE_PACKETS, 1, DecodeConfig.MAX_QUEUE_PACKETS);
        r.throwIfProblems();
        return new DecodeConfig(implementation, threads, queue);
    }

    /** RTC_MAX_TRANSPORTS_PER_USER (default 4, 1-1000): open transports one user may hold on this instance. */
    public static int maxTransportsPerUser(Function<String, String> env) {
        EnvReader r = new EnvReader(env);
        int perUser = r.integer("RTC_MAX_TRANSPORTS_PER_USER", 4, 1, 1_000);
        r.throwIfProblems();
        return perUser;
    }

    /** MEDIASOUP_LISTEN_IPS when set, else the one pair MEDIASOUP_LISTEN_IP / MEDIASOUP_ANNOUNCED_IP. */
    private static List<ListenInfo> listenInfos(EnvReader r) {
        String json = r.text(ListenIpsVariable.NAME, null);
        if (json != null) {
            return ListenIpsVariable.parse(json, r::problem);
        }
        String listenIp = r.text("MEDIASOUP_LISTEN_IP", "0.0.0.0");
        String announced = r.text("MEDIASOUP_ANNOUNCED_IP", null);
        boolean ok = true;
        if (!ListenInfo.isIpLiteral(listenIp)) {
            r.problem("MEDIASOUP_LISTEN_IP must be an IP address (got '" + listenIp + "')");
            ok = false;
        }
        if (announced != null && !isAddressOrHostName(announced)) {
            r.problem("MEDIASOUP_ANNOUNCED_IP must be an IP address or host name (got '" + announced + "')");
            ok = false;
        }
        return ok ? List.of(new ListenInfo(listenIp, announced)) : null;
    }

    /** What an announced address may be: an IP literal or a host name (never looked up here). */
    static boolean isAddressOrHostName(String value) {
        return value.matches("[A-Za-z0-9.:-]{1,253}");
    }
}
