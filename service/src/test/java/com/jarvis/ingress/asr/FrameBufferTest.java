package com.jarvis.ingress.asr;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.asr.v1.AudioFrame.Source;
import org.junit.jupiter.api.Test;

class FrameBufferTest {
    static BufferedFrame frame(long seq, int bytes) {
        return new BufferedFrame(seq, Source.RTP, AsrEncoding.PCM, new byte[bytes], 0, 0, false);
    }

    @Test
    void whenFullTheOldestFramesAreDroppedAndCounted() {
        FrameBuffer b = new FrameBuffer(3, 1_000_000);
        int dropped = 0;
        for (int i = 0; i < 10; i++) {
            dropped += b.offer(frame(i, 100));
        }
        assertThat(dropped).isEqualTo(7);
        assertThat(b.size()).isEqualTo(3);
        assertThat(b.poll().sequence()).isEqualTo(7);
        assertThat(b.poll().sequence()).isEqualTo(8);
        assertThat(b.poll().sequence()).isEqualTo(9);
        assertThat(b.poll()).isNull();
        assertThat(b.bytes()).isZero();
    }

    @Test
    void theByteBoundHoldsWhateverTheFrameSizes() {
        FrameBuffer b = new FrameBuffer(100, 1000);
        int dropped = 0;
        for (int i = 0; i < 50; i++) {
            dropped += b.offer(frame(i, 300));
            assertThat(b.bytes()).isLessThanOrEqualTo(1000);
        }
        assertThat(b.size()).isEqualTo(3);
        assertThat(dropped).isEqualTo(47);
    }

    @Test
    void clearCountsAudioFramesButNotTheEndOfStreamMarker() {
        FrameBuffer b = new FrameBuffer(10, 10_000);
        b.offer(frame(0, 10));
        b.offer(frame(1, 10));
        b.offer(BufferedFrame.endOfStream(2, 0, 0));
        assertThat(b.clear()).isEqualTo(2);
        assertThat(b.isEmpty()).isTrue();
    }
}
