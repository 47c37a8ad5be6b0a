package com.jarvis.ingress.asr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jarvis.ingress.config.InvalidConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AsrConfigLoaderTest {
    @Test
    void unsetUrlMeansNoForwardingWithDefaults() {
        AsrConfig c = AsrConfigLoader.load(Map.<String, String>of()::get);
        assertThat(c.enabled()).isFalse();
        assertThat(c.frameMs()).isEqualTo(100);
        assertThat(c.encoding()).isEqualTo(AsrEncoding.PCM);
        assertThat(c.bufferMs()).isEqualTo(10_000);
        assertThat(c.bufferFrames()).isEqualTo(100);
        assertThat(c.frameSamples()).isEqualTo(1600);
    }

    @Test
    void plaintextAndTlsTargets(@TempDir Path dir) throws Exception {
        AsrConfig plain = AsrConfigLoader.load(Map.of("ASR_GATEWAY_URL", "grpc://asr:50051", "ASR_FRAME_MS", "20",
                "ASR_AUDIO_ENCODING", "OPUS", "ASR_BUFFER_MS", "2000")::get);
        assertThat(plain.target()).isEqualTo(new AsrTarget("asr", 50051, false));
        assertThat(plain.encoding()).isEqualTo(AsrEncoding.OPUS);
        assertThat(plain.bufferFrames()).isEqualTo(100);
        Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        AsrConfig tls = AsrConfigLoader.load(Map.of("ASR_GATEWAY_URL", "grpcs://10.0.0.5:443",
                "ASR_GATEWAY_CA_FILE", ca.toString())::get);
        assertThat(tls.target().tls()).isTrue();
        assertThat(tls.caFile()).isEqualTo(ca);
    }

    @Test
    void everyBadValueIsReportedAtOnce() {
        assertThatThrownBy(() -> AsrConfigLoader.load(Map.of("ASR_GATEWAY_URL", "http://asr:50051",
                "ASR_FRAME_MS", "10", "ASR_AUDIO_ENCODING", "mp3", "ASR_BUFFER_MS", "lots",
                "ASR_GATEWAY_CA_FILE", "/nonexistent/ca.pem")::get))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("ASR_GATEWAY_URL must start with grpc://")
                .hasMessageContaining("ASR_FRAME_MS must be between 20 and 100")
                .hasMessageContaining("ASR_AUDIO_ENCODING must be pcm or opus")
                .hasMessageContaining("ASR_BUFFER_MS must be a whole number")
                .hasMessageContaining("ASR_GATEWAY_CA_FILE must be a readable PEM file");
    }

    @Test
    void urlsWithoutPortOrWithAPathAreRefused() {
        for (String url : new String[] {"grpc://asr", "grpc://asr:50051/v1", "grpc://:50051", "grpc://asr:99999",
                "grpcs://user@asr:1"}) {
            assertThatThrownBy(() -> AsrConfigLoader.load(Map.of("ASR_GATEWAY_URL", url)::get))
                    .as(url).isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("ASR_GATEWAY_URL");
        }
    }
}
