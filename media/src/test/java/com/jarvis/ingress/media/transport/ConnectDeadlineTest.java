package com.jarvis.ingress.media.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The connect deadline rule alone, on explicit times. */
class ConnectDeadlineTest {
    private final ConnectDeadline deadline = new ConnectDeadline(1_000, 5_000);

    @Test
    void aTransportStillConnectingMissesItExactlyAtTheTimeout() {
        for (TransportState pending : new TransportState[] {TransportState.NEW, TransportState.CONNECTING}) {
            assertThat(deadline.missed(1_000, pending)).isFalse();
            assertThat(deadline.missed(5_999, pending)).isFalse();
            assertThat(deadline.missed(6_000, pending)).isTrue();
            assertThat(deadline.missed(600_000, pending)).isTrue();
        }
    }

    @Test
    void aConnectedOrFinishedTransportNeverMissesIt() {
        for (TransportState done : new TransportState[] {TransportState.CONNECTED, TransportState.FAILED,
                TransportState.CLOSED}) {
            assertThat(deadline.missed(600_000, done)).isFalse();
        }
    }

    @Test
    void theMonotonicClockMayStartAnywhere() {
        ConnectDeadline nearWrap = new ConnectDeadline(Long.MAX_VALUE - 1_000, 5_000);
        assertThat(nearWrap.missed(Long.MAX_VALUE, TransportState.NEW)).isFalse();
        assertThat(nearWrap.missed(Long.MAX_VALUE + 4_001, TransportState.NEW)).isTrue();
        assertThatThrownBy(() -> new ConnectDeadline(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
