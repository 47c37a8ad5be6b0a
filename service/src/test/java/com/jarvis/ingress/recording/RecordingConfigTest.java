package com.jarvis.ingress.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jarvis.ingress.config.InvalidConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordingConfigTest {
    @Test
    void defaults() {
        RecordingConfig c = RecordingConfig.load(name -> null, Path.of("data"));
        assertThat(c.directory()).isEqualTo(Path.of("data", "audio"));
        assertThat(c.retention()).isEqualTo(Duration.ofHours(24));
        assertThat(c.sweepInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.maxDuration()).isEqualTo(Duration.ofHours(1));
        assertThat(c.maxDataBytes()).isEqualTo(3600L * 32_000);
        assertThat(c.maxTotalBytes()).isEqualTo(10_240L * 1024 * 1024);
        assertThat(c.maxOpenFiles()).isEqualTo(4096);
        assertThat(c.queueFrames()).isEqualTo(8192);
    }

    @Test
    void readsDurationsLikeTheOtherVariables() {
        Map<String, String> env = Map.of("AUDIO_RETENTION", "7d", "AUDIO_MAX_DURATION", "90s",
                "AUDIO_SWEEP_INTERVAL", "30", "AUDIO_MAX_OPEN_FILES", "8");
        RecordingConfig c = RecordingConfig.load(env::get, Path.of("/var/lib/ingress"));
        assertThat(c.directory()).isEqualTo(Path.of("/var/lib/ingress/audio"));
        assertThat(c.retention()).isEqualTo(Duration.ofDays(7));
        assertThat(c.maxDataBytes()).isEqualTo(90L * 32_000);
        assertThat(c.sweepInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.maxOpenFiles()).isEqualTo(8);
    }

    @Test
    void listsEveryBadValue() {
        Map<String, String> env = Map.of("AUDIO_RETENTION", "soon", "AUDIO_MAX_DURATION", "2d",
                "AUDIO_MAX_OPEN_FILES", "0");
        assertThatThrownBy(() -> RecordingConfig.load(env::get, Path.of("data")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("AUDIO_RETENTION")
                .hasMessageContaining("AUDIO_MAX_DURATION must be at most 24h")
                .hasMessageContaining("AUDIO_MAX_OPEN_FILES");
    }
}
