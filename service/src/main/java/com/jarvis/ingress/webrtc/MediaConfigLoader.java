package com.jarvis.ingress.webrtc;

import com.jarvis.ingress.config.InvalidConfigurationException;
import com.jarvis.ingress.media.transport.WebRtcServerConfig;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The media plane's environment variables: MEDIASOUP_LISTEN_IP, MEDIASOUP_ANNOUNCED_IP, RTC_MIN_PORT, RTC_MAX_PORT,
 * RTC_SINGLE_PORT, RTC_ENABLE_UDP, RTC_ENABLE_TCP, RTC_CONSENT_TIMEOUT_MS, RTC_MAX_TRANSPORTS. Every problem is
 * reported at once, like the rest of the configuration.
 */
public final class MediaConfigLoader {
    private MediaConfigLoader() {
    }

    public static WebRtcServerConfig load(Function<String, String> env) {
        List<String> problems = new ArrayList<>();
        String listenIp = text(env, "MEDIASOUP_LISTEN_IP", "0.0.0.0");
        String announced = env.apply("MEDIASOUP_ANNOUNCED_IP");
        announced = announced == null || announced.isBlank() ? null : announced.trim();
        checkIp("MEDIASOUP_LISTEN_IP", listenIp, problems);
        if (announced != null && !announced.matches("[A-Za-z0-9.:-]{1,253}")) {
            problems.add("MEDIASOUP_ANNOUNCED_IP must be an IP address or host name (got '" + announced + "')");
        }
        // RTC_MIN_PORT=0 (single-port mode only) binds any free port: for tests and several instances on one host.
        int min = integer(env, "RTC_MIN_PORT", 10000, 0, 65535, problems);
        int max = integer(env, "RTC_MAX_PORT", 10100, 0, 65535, problems);
        if (max < min) {
            problems.add("RTC_MAX_PORT (" + max + ") must not be below RTC_MIN_PORT (" + min + ")");
        }
        boolean single = bool(env, "RTC_SINGLE_PORT", true, problems);
        boolean udp = bool(env, "RTC_ENABLE_UDP", true, problems);
        boolean tcp = bool(env, "RTC_ENABLE_TCP", true, problems);
        if (!single && min == 0) {
            problems.add("RTC_SINGLE_PORT=false needs a port range: RTC_MIN_PORT must be above 0");
        }
        if (!udp && !tcp) {
            problems.add("RTC_ENABLE_UDP and RTC_ENABLE_TCP cannot both be false");
        }
        int consent = integer(env, "RTC_CONSENT_TIMEOUT_MS", 30_000, 10_000, 60_000, problems);
        int maxTransports = integer(env, "RTC_MAX_TRANSPORTS", 2000, 1, 100_000, problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        WebRtcServerConfig defaults = WebRtcServerConfig.defaults();
        return new WebRtcServerConfig(listenIp, announced, min, max, udp, tcp, single, consent, defaults.dtls(),
                maxTransports, defaults.handshakeThreads());
    }

    private static void checkIp(String name, String value, List<String> problems) {
        if (!value.matches("[0-9.]+|[0-9A-Fa-f:]+")) {
            problems.add(name + " must be an IP address (got '" + value + "')");
            return;
        }
        try {
            InetAddress.getByName(value);
        } catch (Exception e) {
            problems.add(name + " must be an IP address (got '" + value + "')");
        }
    }

    private static String text(Function<String, String> env, String name, String fallback) {
        String v = env.apply(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private static int integer(Function<String, String> env, String name, int fallback, int min, int max,
                               List<String> problems) {
        String v = env.apply(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                problems.add(name + " must be between " + min + " and " + max + " (got " + n + ")");
            }
            return n;
        } catch (NumberFormatException e) {
            problems.add(name + " must be a whole number (got '" + v + "')");
            return fallback;
        }
    }

    private static boolean bool(Function<String, String> env, String name, boolean fallback, List<String> problems) {
        String v = env.apply(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> {
                return true;
            }
            case "false", "0", "no" -> {
                return false;
            }
            default -> {
                problems.add(name + " must be true or false (got '" + v + "')");
                return fallback;
            }
        }
    }
}
