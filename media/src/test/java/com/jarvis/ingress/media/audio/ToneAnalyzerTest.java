package com.jarvis.ingress.media.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ToneAnalyzerTest {

    @Test
    void findsTheDominantToneToWithinAHertz() {
        short[] a = TestSignals.sine(440, 16000, 16000, 8000);
        short[] b = TestSignals.sine(1234.5, 16000, 8000, 8000);
        short[] weak = TestSignals.sine(3000, 16000, 16000, 1000);
        for (int i = 0; i < a.length; i++) {
            a[i] += weak[i];
        }

        assertThat(ToneAnalyzer.dominantFrequency(a, 16000)).isCloseTo(440, within(1.0));
        assertThat(ToneAnalyzer.dominantFrequency(b, 16000)).isCloseTo(1234.5, within(1.0));
        assertThat(ToneAnalyzer.dominantFrequency(new short[1600], 16000)).isZero();
    }

    @Test
    void measuresRms() {
        short[] tone = TestSignals.sine(1000, 16000, 16000, 10000);

        assertThat(ToneAnalyzer.rms(tone, 0, tone.length)).isCloseTo(7071, within(5.0));
        assertThat(ToneAnalyzer.rmsDbfs(tone, 0, tone.length)).isCloseTo(-13.3, within(0.1));
        assertThat(ToneAnalyzer.rms(new short[100], 0, 100)).isZero();
    }
}
