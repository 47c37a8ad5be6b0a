package com.jarvis.ingress.asr;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.asr.v1.AudioFrame.Source;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameAssemblerTest {
    final List<BufferedFrame> out = new ArrayList<>();
    final FrameAssembler assembler = new FrameAssembler(1600, 0, out::add); // 100 ms

    static short[] ramp(int n, int from) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) (from + i);
        }
        return s;
    }

    @Test
    void pcmIsCutIntoNumberedLittleEndianFramesOfTheConfiguredLength() {
        for (int i = 0; i < 12; i++) {
            assembler.pcm(Source.RTP, ramp(320, i * 320), 320, 1000 + 20L * i, 7);
        }
        assertThat(out).hasSize(2);
        assertThat(out).extracting(BufferedFrame::sequence).containsExactly(0L, 1L);
        BufferedFrame first = out.get(0);
        assertThat(first.payload()).hasSize(3200);
        assertThat(first.source()).isEqualTo(Source.RTP);
        assertThat(first.encoding()).isEqualTo(AsrEncoding.PCM);
        // sample 1 = 0x0001 little-endian; sample 300 = 0x012C
        assertThat(first.payload()[2]).isEqualTo((byte) 1);
        assertThat(first.payload()[3]).isEqualTo((byte) 0);
        assertThat(first.payload()[600]).isEqualTo((byte) 0x2C);
        assertThat(first.payload()[601]).isEqualTo((byte) 0x01);
        // the first sample arrived with the first 20 ms packet at t=1000: captured 20 ms earlier
        assertThat(first.captureTimeMs()).isEqualTo(980);
        // the second frame continues the ramp exactly where the first stopped
        assertThat(out.get(1).payload()[0]).isEqualTo((byte) (1600 & 0xff));

        assembler.flush(9);
        assertThat(out).hasSize(3);
        assertThat(out.get(2).payload()).hasSize(2 * 320 * 2);
        BufferedFrame eos = assembler.endOfStream(2000, 10);
        assertThat(eos.sequence()).isEqualTo(3);
        assertThat(eos.endOfStream()).isTrue();
        assertThat(assembler.nextSequence()).isEqualTo(4);
    }

    @Test
    void aChunkSplitAcrossFramesKeepsEverySample() {
        assembler.pcm(Source.DATA_CHANNEL, ramp(2000, 0), 2000, 0, 0);
        assembler.flush(0);
        assertThat(out).extracting(f -> f.payload().length).containsExactly(3200, 800);
        assertThat(out.get(1).payload()[0]).isEqualTo((byte) (1600 & 0xff));
        assertThat(out.get(1).payload()[1]).isEqualTo((byte) (1600 >> 8));
    }

    @Test
    void aChangeOfSourceCompletesTheFrameSoEveryFrameHasOneSource() {
        assembler.pcm(Source.RTP, ramp(320, 0), 320, 0, 0);
        assembler.pcm(Source.DATA_CHANNEL, ramp(320, 0), 320, 0, 0);
        assembler.flush(0);
        assertThat(out).extracting(BufferedFrame::source).containsExactly(Source.RTP, Source.DATA_CHANNEL);
        assertThat(out).extracting(BufferedFrame::sequence).containsExactly(0L, 1L);
    }

    @Test
    void opusPacketsAreLengthPrefixedBigEndianUntilTheFrameIsFull() {
        byte[] packet = new byte[300];
        packet[0] = 0x78;
        packet[299] = 0x55;
        for (int i = 0; i < 5; i++) {
            assertThat(assembler.opus(packet, 0, 300, 320, 100, 1)).isTrue();
        }
        assertThat(out).hasSize(1);
        BufferedFrame f = out.get(0);
        assertThat(f.encoding()).isEqualTo(AsrEncoding.OPUS);
        assertThat(f.source()).isEqualTo(Source.RTP);
        assertThat(f.payload()).hasSize(5 * 302);
        assertThat(f.payload()[0]).isEqualTo((byte) 0x01); // 300 = 0x012C
        assertThat(f.payload()[1]).isEqualTo((byte) 0x2C);
        assertThat(f.payload()[2]).isEqualTo((byte) 0x78);
        assertThat(f.payload()[301]).isEqualTo((byte) 0x55);
        for (int i = 0; i < 5; i++) { // the frame grew past its initial size on the way: nothing lost in the copy
            assertThat(f.payload()[302 * i + 2]).as("packet %d", i).isEqualTo((byte) 0x78);
            assertThat(f.payload()[302 * i + 301]).as("packet %d", i).isEqualTo((byte) 0x55);
        }
    }

    @Test
    void anOversizeOpusPacketIsRefusedAndFramesStayBounded() {
        assertThat(assembler.opus(new byte[OpusFrameWriter.MAX_FRAME_BYTES], 0, OpusFrameWriter.MAX_FRAME_BYTES, 320,
                0, 0)).isFalse();
        byte[] big = new byte[6000];
        for (int i = 0; i < 4; i++) {
            assembler.opus(big, 0, big.length, 40, 0, 0); // 2.5 ms each: the byte bound completes frames first
        }
        assembler.flush(0);
        assertThat(out).allSatisfy(f -> assertThat(f.payload().length).isLessThanOrEqualTo(OpusFrameWriter.MAX_FRAME_BYTES));
        assertThat(out).extracting(f -> f.payload().length).containsExactly(2 * 6002, 2 * 6002);
    }

    @Test
    void sequencesStartWhereAnEarlierStreamOfTheSessionStopped() {
        FrameAssembler resumed = new FrameAssembler(320, 42, out::add);
        resumed.pcm(Source.RTP, ramp(320, 0), 320, 0, 0);
        assertThat(out).extracting(BufferedFrame::sequence).containsExactly(42L);
    }
}
