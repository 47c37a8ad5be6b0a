package com.jarvis.ingress.bench.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LoadOptionsTest {

    @Test
    void warmUpRunsMeasureNothingAndOnlyTheFirstWarmsDtlsInProcess() {
        LoadOptions o = LoadOptions.parse(new String[] {"--sessions=100", "--duration=30", "--server-pid=42",
                "--out=/tmp/r.json", "--warm-runs=3", "--warm-handshakes=50", "--keep"});
        assertThat(o.warmRuns()).isEqualTo(3);

        LoadOptions first = o.warmUpRun(true);
        assertThat(first.sessions()).isEqualTo(100);
        assertThat(first.durationSeconds()).isEqualTo(1);
        assertThat(first.serverPid()).isZero(); // no CPU or heap figures taken from the service
        assertThat(first.out()).isNull();
        assertThat(first.keep()).isFalse(); // its sessions are closed before the measured run
        assertThat(first.warmHandshakes()).isEqualTo(50);
        assertThat(o.warmUpRun(false).warmHandshakes()).isZero();

        LoadOptions measured = o.measuredRun();
        assertThat(measured.warmHandshakes()).isZero();
        assertThat(measured.serverPid()).isEqualTo(42);
        assertThat(measured.out()).isEqualTo(Path.of("/tmp/r.json"));
        assertThat(measured.durationSeconds()).isEqualTo(30);
        assertThat(measured.keep()).isTrue();
    }

    @Test
    void withoutWarmUpRunsTheMeasuredRunKeepsItsInProcessHandshakes() {
        LoadOptions o = LoadOptions.parse(new String[] {"--warm-handshakes=7"});
        assertThat(o.measuredRun().warmHandshakes()).isEqualTo(7);
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--warm-runs=-1"}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void devicesRegisterBeforeTheBurstUnlessToldToRegisterInIt() {
        assertThat(LoadOptions.parse(new String[0]).registerFirst()).isTrue();
        LoadOptions inBurst = LoadOptions.parse(new String[] {"--register=burst", "--warm-runs=1"});
        assertThat(inBurst.registerFirst()).isFalse();
        assertThat(inBurst.warmUpRun(true).registerFirst()).isFalse();
        assertThat(inBurst.measuredRun().registerFirst()).isFalse();
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--register=later"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--register");
    }
}
