package com.jarvis.ingress.media.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpusDecodersTest {

    @Test
    void parsesTheThreeChoicesInAnyCaseAndNothingElse() {
        assertThat(OpusImplementation.parse("auto")).isEqualTo(OpusImplementation.AUTO);
        assertThat(OpusImplementation.parse(" Native ")).isEqualTo(OpusImplementation.NATIVE);
        assertThat(OpusImplementation.parse("JAVA")).isEqualTo(OpusImplementation.JAVA);
        assertThat(OpusImplementation.parse("libopus")).isNull();
        assertThat(OpusImplementation.parse(null)).isNull();
    }

    @Test
    void autoPrefersLibopusWhenItLoads() {
        assertThat(OpusDecoders.nativeAvailable()).as("libopus0 is installed here and in CI: %s",
                OpusDecoders.nativeUnavailableReason()).isTrue();

        OpusDecoders auto = OpusDecoders.select(OpusImplementation.AUTO);

        assertThat(auto.implementation()).isEqualTo(OpusImplementation.NATIVE);
        assertThat(auto.description()).startsWith("native (libopus ");
        assertThat(OpusDecoders.select(OpusImplementation.JAVA).description()).isEqualTo("java (Concentus)");
    }

    @Test
    void closingFreesEachNativeStateExactlyOnce() {
        int before = LibOpusCodec.liveStates();
        List<OpusAudioDecoder> decoders = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            decoders.add(OpusDecoders.select(OpusImplementation.NATIVE).create());
        }
        assertThat(LibOpusCodec.liveStates()).isEqualTo(before + 5);

        for (OpusAudioDecoder d : decoders) {
            d.close();
            d.close(); // a second close frees nothing
        }

        assertThat(LibOpusCodec.liveStates()).isEqualTo(before);
    }

    @Test
    void theCleanerFreesADecoderThatWasNeverClosed() throws InterruptedException {
        int before = LibOpusCodec.liveStates();
        for (int i = 0; i < 3; i++) {
            OpusDecoders.select(OpusImplementation.NATIVE).create(); // dropped unclosed
        }
        for (int i = 0; i < 100 && LibOpusCodec.liveStates() > before; i++) {
            System.gc();
            Thread.sleep(50);
        }
        assertThat(LibOpusCodec.liveStates()).isLessThanOrEqualTo(before);
    }
}
