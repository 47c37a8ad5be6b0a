package com.jarvis.ingress.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jarvis.ingress.config.InvalidConfigurationException;
import com.jarvis.ingress.media.transport.ListenInfo;
import com.jarvis.ingress.media.audio.DecodeConfig;
import com.jarvis.ingress.media.audio.OpusImplementation;
import com.jarvis.ingress.media.transport.WebRtcServerConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The media plane's capacity settings: defaults, the connect timeout following consent, and bad values refused. */
class MediaConfigLoaderTest {

    @Test
    void theConnectTimeoutDefaultsToTheConsentTimeoutAndThePerUserCapToFour() {
        assertThat(MediaConfigLoader.load(Map.<String, String>of()::get).connectTimeoutMillis()).isEqualTo(30_000);
        WebRtcServerConfig shorter = MediaConfigLoader.load(Map.of("RTC_CONSENT_TIMEOUT_MS", "15000")::get);
        assertThat(shorter.connectTimeoutMillis()).isEqualTo(15_000);
        WebRtcServerConfig own = MediaConfigLoader.load(
                Map.of("RTC_CONSENT_TIMEOUT_MS", "15000", "RTC_CONNECT_TIMEOUT_MS", "2500")::get);
        assertThat(own.connectTimeoutMillis()).isEqualTo(2_500);
        assertThat(MediaConfigLoader.maxTransportsPerUser(Map.<String, String>of()::get)).isEqualTo(4);
        assertThat(MediaConfigLoader.maxTransportsPerUser(Map.of("RTC_MAX_TRANSPORTS_PER_USER", "1")::get)).isOne();
    }

    @Test
    void outOfRangeValuesStopStartUpNamingTheVariable() {
        for (String bad : new String[] {"0", "999", "120001", "soon"}) {
            assertThatThrownBy(() -> MediaConfigLoader.load(Map.of("RTC_CONNECT_TIMEOUT_MS", bad)::get))
                    .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                            .anyMatch(p -> p.startsWith("RTC_CONNECT_TIMEOUT_MS must")));
        }
        for (String bad : new String[] {"0", "1001", "-1", "many"}) {
            Map<String, String> env = Map.of("RTC_MAX_TRANSPORTS_PER_USER", bad);
            assertThatThrownBy(() -> MediaConfigLoader.maxTransportsPerUser(env::get))
                    .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                            .anyMatch(p -> p.startsWith("RTC_MAX_TRANSPORTS_PER_USER must")));
        }
    }

    @Test
    void listenIpsTakeSeveralAddressesAndOverrideTheSinglePair() {
        WebRtcServerConfig c = MediaConfigLoader.load(Map.of("MEDIASOUP_LISTEN_IP", "127.0.0.1",
                "MEDIASOUP_LISTEN_IPS", "[{\"ip\":\"0.0.0.0\",\"announcedAddress\":\"203.0.113.7\"},"
                        + "{\"ip\":\"::\",\"announcedIp\":\"2001:db8::7\"},{\"ip\":\"10.0.0.5\"}]")::get);
        assertThat(c.listenInfos()).containsExactly(new ListenInfo("0.0.0.0", "203.0.113.7"),
                new ListenInfo("::", "2001:db8::7"), new ListenInfo("10.0.0.5", null));
        WebRtcServerConfig single = MediaConfigLoader.load(Map.of("MEDIASOUP_LISTEN_IP", "127.0.0.1",
                "MEDIASOUP_ANNOUNCED_IP", "198.51.100.9")::get);
        assertThat(single.listenInfos()).containsExactly(new ListenInfo("127.0.0.1", "198.51.100.9"));
    }

    @Test
    void badListenIpsStopStartUpWithOneClearMessageEach() {
        Map<String, String> cases = Map.of(
                "[{\"ip\":", "MEDIASOUP_LISTEN_IPS must be a JSON array like",
                "{\"ip\":\"0.0.0.0\"}", "MEDIASOUP_LISTEN_IPS must be a non-empty JSON array",
                "[]", "MEDIASOUP_LISTEN_IPS must be a non-empty JSON array",
                "[{\"ip\":\"example.com\"}]", "MEDIASOUP_LISTEN_IPS[0].ip must be an IP address",
                "[{\"ip\":\"1.2.3.4\"},{\"ip\":\"1.2.3.4\"}]", "MEDIASOUP_LISTEN_IPS[1] repeats an earlier entry",
                "[{\"ip\":\"1.2.3.4\",\"port\":4443}]", "MEDIASOUP_LISTEN_IPS[0] has an unknown field 'port'",
                "[{\"ip\":\"1.2.3.4\",\"announcedAddress\":\"a b\"}]", "MEDIASOUP_LISTEN_IPS[0].announcedAddress must be",
                "[\"1.2.3.4\"]", "MEDIASOUP_LISTEN_IPS[0] must be an object",
                "[" + "{\"ip\":\"::1\"},".repeat(8) + "{\"ip\":\"::1\"}]", "MEDIASOUP_LISTEN_IPS may list at most 8");
        cases.forEach((value, message) -> assertThatThrownBy(() -> MediaConfigLoader.load(
                Map.of("MEDIASOUP_LISTEN_IPS", value)::get))
                .as(value)
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .anyMatch(p -> p.startsWith(message))));
    }

    @Test
    void opusDecodingDefaultsToAutoAndAcceptsTheThreeChoices() {
        DecodeConfig defaults = MediaConfigLoader.loadDecoding(Map.<String, String>of()::get);
        assertThat(defaults.implementation()).isEqualTo(OpusImplementation.AUTO);
        assertThat(defaults.threads()).isEqualTo(Math.min(64, Runtime.getRuntime().availableProcessors()));
        assertThat(defaults.queuePackets()).isEqualTo(50);
        assertThat(MediaConfigLoader.loadDecoding(Map.of("OPUS_DECODER", "native")::get).implementation())
                .isEqualTo(OpusImplementation.NATIVE); // libopus0 is installed here and in CI
        DecodeConfig own = MediaConfigLoader.loadDecoding(
                Map.of("OPUS_DECODER", "JAVA", "OPUS_DECODE_THREADS", "3", "OPUS_DECODE_QUEUE", "10")::get);
        assertThat(own).isEqualTo(new DecodeConfig(OpusImplementation.JAVA, 3, 10));
    }

    @Test
    void badOpusDecodingSettingsStopStartUpNamingEveryVariable() {
        Map<String, String> env = Map.of("OPUS_DECODER", "ffmpeg", "OPUS_DECODE_THREADS", "0", "OPUS_DECODE_QUEUE", "lots");
        assertThatThrownBy(() -> MediaConfigLoader.loadDecoding(env::get))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems()).containsExactly(
                        "OPUS_DECODER must be auto, native or java (got 'ffmpeg')",
                        "OPUS_DECODE_THREADS must be between 1 and 64 (got 0)",
                        "OPUS_DECODE_QUEUE must be a whole number (got 'lots')"));
    }

    @Test
    void mediaIoThreadsDefaultToTheProcessorsAndAreBoundedOneToSixtyFour() {
        assertThat(MediaConfigLoader.load(Map.<String, String>of()::get).ioThreads())
                .isEqualTo(Math.min(64, Runtime.getRuntime().availableProcessors()));
        assertThat(MediaConfigLoader.load(Map.of("MEDIA_IO_THREADS", "3")::get).ioThreads()).isEqualTo(3);
        for (String bad : new String[] {"0", "65"}) {
            assertThatThrownBy(() -> MediaConfigLoader.load(Map.of("MEDIA_IO_THREADS", bad)::get))
                    .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                            .containsExactly("MEDIA_IO_THREADS must be between 1 and 64 (got " + bad + ")"));
        }
        assertThatThrownBy(() -> MediaConfigLoader.load(Map.of("MEDIA_IO_THREADS", "all")::get))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .containsExactly("MEDIA_IO_THREADS must be a whole number (got 'all')"));
    }
}
