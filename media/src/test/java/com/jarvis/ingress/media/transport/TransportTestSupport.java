package com.jarvis.ingress.media.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.media.audio.AudioFrame;
import com.jarvis.ingress.media.dtls.DtlsRole;
import com.jarvis.ingress.media.ice.StunClass;
import com.jarvis.ingress.media.ice.StunMessage;
import com.jarvis.ingress.media.rtp.HeaderExtensions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** Shared set-up of the loopback transport tests. */
final class TransportTestSupport {
    private TransportTestSupport() {
    }

    static WebRtcServerConfig loopbackConfig() {
        return WebRtcServerConfig.defaults().withListenIp("127.0.0.1").withPorts(0, 0);
    }

    /** What Chrome's mediasoup-client sends: PT 111, audio-level id 1, mid id 4, etc. */
    static RtpParameters chromeParameters(Long ssrc) {
        return new RtpParameters("0",
                List.of(new RtpCodecParameters("audio/opus", 111, 48_000, 2, Map.of("minptime", 10, "useinbandfec", 1),
                        List.of(new RtcpFeedback("transport-cc", "")))),
                List.of(new RtpHeaderExtensionParameters(HeaderExtensions.MID_URI, 4, false, Map.of()),
                        new RtpHeaderExtensionParameters(Router.ABS_SEND_TIME_URI, 2, false, Map.of()),
                        new RtpHeaderExtensionParameters(Router.TRANSPORT_CC_URI, 3, false, Map.of()),
                        new RtpHeaderExtensionParameters(HeaderExtensions.AUDIO_LEVEL_URI, 1, false, Map.of()),
                        new RtpHeaderExtensionParameters(Router.ABS_CAPTURE_TIME_URI, 5, false, Map.of())),
                List.of(new RtpEncodingParameters(ssrc, false)),
                new RtcpParameters("browsercname", true));
    }

    /**
     * A successful ICE check, then the transport in CONNECTING (ICE up, no DTLS yet). The server sends the check's
     * response before ICE's events move the transport's state, so the state is awaited.
     */
    static void checkUntilConnecting(LoopbackBrowser browser, WebRtcTransport transport) throws InterruptedException {
        assertThat(browser.check(transport.iceParameters()).stunClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
        assertThat(await(() -> transport.state() == TransportState.CONNECTING, 2_000))
                .as("state after the first check: %s", transport.state()).isTrue();
    }

    /** ICE check, connect(client), DTLS handshake; asserts the transport ends up connected. */
    static void connect(LoopbackBrowser browser, WebRtcTransport transport) throws InterruptedException {
        StunMessage response = browser.check(transport.iceParameters());
        assertThat(response).isNotNull();
        assertThat(response.stunClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
        transport.connect(DtlsRole.CLIENT, browser.fingerprints());
        browser.startDtls(transport.dtlsParameters());
        assertThat(browser.awaitDtls()).as("browser DTLS connected").isTrue();
        await(() -> transport.state() == TransportState.CONNECTED, 5_000);
        assertThat(transport.state()).isEqualTo(TransportState.CONNECTED);
    }

    static boolean await(BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }

    /** Collects copies of every frame. */
    static final class CollectingSink implements com.jarvis.ingress.media.audio.AudioSink {
        final List<short[]> decoded = new CopyOnWriteArrayList<>();
        final List<short[]> concealed = new CopyOnWriteArrayList<>();
        /** Names of the threads that delivered frames. */
        final java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public void onAudio(AudioFrame frame) {
            threads.add(Thread.currentThread().getName());
            (frame.concealed() ? concealed : decoded).add(frame.copyPcm());
        }

        short[] decodedPcm() {
            List<short[]> parts = new ArrayList<>(decoded);
            int n = parts.stream().mapToInt(p -> p.length).sum();
            short[] all = new short[n];
            int pos = 0;
            for (short[] p : parts) {
                System.arraycopy(p, 0, all, pos, p.length);
                pos += p.length;
            }
            return all;
        }
    }

    /** Recording listener. */
    static final class Events implements TransportListener {
        final List<TransportState> states = new CopyOnWriteArrayList<>();
        volatile CloseReason closed;

        @Override
        public void onStateChanged(TransportState state) {
            states.add(state);
        }

        @Override
        public void onClosed(CloseReason reason) {
            closed = reason;
        }
    }
}
