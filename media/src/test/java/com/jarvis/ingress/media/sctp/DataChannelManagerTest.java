package com.jarvis.ingress.media.sctp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataChannelManagerTest {

    /** Records data channel events. */
    static final class Events implements DataChannelListener {
        final List<DataChannel> opened = new ArrayList<>();
        final List<DataChannel> closed = new ArrayList<>();
        final List<TestLink.Received> messages = new ArrayList<>();

        @Override
        public void onChannelOpened(DataChannel channel) {
            opened.add(channel);
        }

        @Override
        public void onMessage(int streamId, int ppid, byte[] data) {
            messages.add(new TestLink.Received(streamId, ppid, data));
        }

        @Override
        public void onChannelClosed(DataChannel channel) {
            closed.add(channel);
        }
    }

    private final TestLink link = new TestLink();
    // The browser (client side of the link) is the DTLS client; the server is the DTLS server.
    private final Events browserEvents = new Events();
    private final Events serverEvents = new Events();
    private final DataChannelManager browser = new DataChannelManager(true, browserEvents);
    private final DataChannelManager server = new DataChannelManager(false, serverEvents);

    DataChannelManagerTest() {
        link.clientEvents.forward = browser;
        link.serverEvents.forward = server;
        browser.attach(link.client);
        server.attach(link.server);
        link.handshake();
    }

    @Test
    void dcepOpenIsAcknowledgedAndReported() {
        DataChannel ch = browser.open("chat", "json", false, 3, -1);
        assertThat(ch.streamId() % 2).isZero();
        link.runUntilIdle();
        assertThat(serverEvents.opened).hasSize(1);
        DataChannel seen = serverEvents.opened.get(0);
        assertThat(seen.streamId()).isEqualTo(ch.streamId());
        assertThat(seen.label()).isEqualTo("chat");
        assertThat(seen.protocol()).isEqualTo("json");
        assertThat(seen.ordered()).isFalse();
        assertThat(seen.maxRetransmits()).isEqualTo(3);
        assertThat(seen.negotiated()).isFalse();
        // The ACK came back.
        assertThat(browserEvents.opened).containsExactly(ch);
        assertThat(server.dcepOpensReceived()).isEqualTo(1);
        assertThat(server.wrongParityOpens()).isZero();

        assertThat(browser.sendString(ch.streamId(), "hello")).isEqualTo(SendResult.QUEUED);
        assertThat(server.sendBinary(ch.streamId(), new byte[] {1, 2})).isEqualTo(SendResult.QUEUED);
        link.runUntilIdle();
        assertThat(serverEvents.messages).hasSize(1);
        assertThat(serverEvents.messages.get(0).ppid()).isEqualTo(DataChannelManager.PPID_STRING);
        assertThat(new String(serverEvents.messages.get(0).data())).isEqualTo("hello");
        assertThat(browserEvents.messages.get(0).ppid()).isEqualTo(DataChannelManager.PPID_BINARY);
    }

    @Test
    void serverOpenedChannelsUseOddIds() {
        DataChannel a = server.open("a", "", true, -1, -1);
        DataChannel b = server.open("b", "", true, -1, 500);
        assertThat(a.streamId() % 2).isEqualTo(1);
        assertThat(b.streamId()).isNotEqualTo(a.streamId());
        link.runUntilIdle();
        assertThat(browserEvents.opened).extracting(DataChannel::label).containsExactly("a", "b");
        assertThat(browserEvents.opened.get(1).maxPacketLifeTime()).isEqualTo(500);
        assertThat(serverEvents.opened).hasSize(2);
    }

    @Test
    void wrongParityIsCountedButAccepted() {
        DcepMessage.Open open = new DcepMessage.Open(DataChannelType.RELIABLE, 0, 0, "odd", "");
        link.client.sendMessage(5, DataChannelManager.PPID_DCEP, open.encode(), SendOptions.RELIABLE_ORDERED,
                link.now);
        link.runUntilIdle();
        assertThat(serverEvents.opened).hasSize(1);
        assertThat(server.wrongParityOpens()).isEqualTo(1);
    }

    @Test
    void preNegotiatedChannelsCarryStringBinaryAndEmptyMessages() {
        DataChannel ch = DataChannel.negotiated(1, true, null, null, "producedata", "");
        assertThat(server.registerNegotiated(ch)).isTrue();
        assertThat(server.registerNegotiated(ch)).isFalse();
        browser.registerNegotiated(ch);
        browser.sendString(1, "text");
        browser.sendBinary(1, new byte[] {5});
        browser.sendString(1, "");
        browser.sendBinary(1, new byte[0]);
        link.runUntilIdle();
        assertThat(serverEvents.messages).extracting(TestLink.Received::ppid).containsExactly(51, 53, 56, 57);
        assertThat(serverEvents.messages.get(2).data()).isEmpty();
        assertThat(serverEvents.messages.get(3).data()).isEmpty();
        assertThat(serverEvents.opened).isEmpty();
    }

    @Test
    void messagesOnUnknownStreamsAreCountedNotDelivered() {
        link.client.sendMessage(8, 53, new byte[] {1}, SendOptions.RELIABLE_ORDERED, link.now);
        link.runUntilIdle();
        assertThat(serverEvents.messages).isEmpty();
        assertThat(server.messagesWithoutChannel()).isEqualTo(1);
    }

    @Test
    void closingAChannelFreesItsStreamIdOnBothSidesForReuse() {
        DataChannel ch = DataChannel.negotiated(2, true, null, null, "audio", "");
        server.registerNegotiated(ch);
        browser.registerNegotiated(ch);
        for (int i = 0; i < 3; i++) {
            browser.sendString(2, "first-" + i);
        }
        link.runUntilIdle();
        browser.close(2);
        link.runUntilIdle();
        assertThat(serverEvents.closed).containsExactly(ch);
        assertThat(browserEvents.closed).containsExactly(ch);
        assertThat(link.serverEvents.outgoingResets).hasSize(1);
        assertThat(link.clientEvents.outgoingResets).hasSize(1);

        // Same id again, now through DCEP from the browser: SSNs restart at 0 on both sides.
        DcepMessage.Open open = new DcepMessage.Open(DataChannelType.RELIABLE, 0, 0, "again", "");
        link.client.sendMessage(2, DataChannelManager.PPID_DCEP, open.encode(), SendOptions.RELIABLE_ORDERED,
                link.now);
        link.runUntilIdle();
        assertThat(serverEvents.opened).extracting(DataChannel::label).containsExactly("again");
        browser.registerNegotiated(new DataChannel(2, "again", "", true, -1, -1, 0, false));
        browser.sendString(2, "second");
        server.sendString(2, "reply");
        link.runUntilIdle();
        assertThat(serverEvents.messages).extracting(m -> new String(m.data()))
                .containsExactly("first-0", "first-1", "first-2", "second");
        assertThat(browserEvents.messages).extracting(m -> new String(m.data())).contains("reply");
    }
}
