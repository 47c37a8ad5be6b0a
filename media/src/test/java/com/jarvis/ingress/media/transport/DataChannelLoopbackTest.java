package com.jarvis.ingress.media.transport;

import static com.jarvis.ingress.media.transport.TransportTestSupport.await;
import static com.jarvis.ingress.media.transport.TransportTestSupport.connect;
import static com.jarvis.ingress.media.transport.TransportTestSupport.loopbackConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jarvis.ingress.media.sctp.DataChannel;
import com.jarvis.ingress.media.sctp.DataChannelListener;
import com.jarvis.ingress.media.sctp.DataChannelManager;
import com.jarvis.ingress.media.sctp.SctpAssociation;
import com.jarvis.ingress.media.sctp.SctpConfig;
import com.jarvis.ingress.media.sctp.SctpCookieSecret;
import com.jarvis.ingress.media.sctp.SctpDropReason;
import com.jarvis.ingress.media.sctp.SctpState;
import com.jarvis.ingress.media.sctp.SctpTimerDriver;
import com.jarvis.ingress.media.sctp.SendResult;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Data channels through a real WebRtcServer over UDP: our own DTLS client with an SCTP association and data channel
 * layer on top plays the browser (active INIT, as browsers do); the transport's association answers it.
 */
class DataChannelLoopbackTest {
    record Message(int streamId, int ppid, byte[] data) {
    }

    /** Records a data producer's messages and its close. */
    static final class Recorder implements DataMessageListener {
        final List<Message> messages = new CopyOnWriteArrayList<>();
        volatile DataProducer closed;

        @Override
        public void onMessage(int streamId, int ppid, byte[] data) {
            messages.add(new Message(streamId, ppid, data));
        }

        @Override
        public void onClosed(DataProducer producer) {
            closed = producer;
        }
    }

    static final class ClientEvents implements DataChannelListener {
        final List<DataChannel> opened = new CopyOnWriteArrayList<>();
        final List<DataChannel> closed = new CopyOnWriteArrayList<>();

        @Override
        public void onChannelOpened(DataChannel channel) {
            opened.add(channel);
        }

        @Override
        public void onChannelClosed(DataChannel channel) {
            closed.add(channel);
        }
    }

    private final ScheduledExecutorService clientTimers = Executors.newSingleThreadScheduledExecutor();
    private final Recorder dcepRecorder = new Recorder();
    private final List<DataProducer> dcepOpened = new CopyOnWriteArrayList<>();
    private WebRtcServer server;
    private LoopbackBrowser browser;
    private WebRtcTransport transport;
    private ClientEvents clientEvents;
    private DataChannelManager client;
    private SctpAssociation association;
    private SctpTimerDriver driver;

    @BeforeEach
    void connectClient() throws Exception {
        server = WebRtcServer.start(loopbackConfig().withProtocols(true, false));
        browser = LoopbackBrowser.udp(server.udpPort());
        transport = server.createTransport(new TransportListener() {
            @Override
            public DataMessageListener onDataChannelOpened(DataProducer producer) {
                dcepOpened.add(producer);
                return dcepRecorder;
            }
        });
        connect(browser, transport);
    }

    private void startSctp(SctpConfig config) throws InterruptedException {
        clientEvents = new ClientEvents();
        client = new DataChannelManager(true, clientEvents);
        association = new SctpAssociation(config, SctpCookieSecret.random(), browser.dtls()::send, client,
                () -> System.nanoTime() / 1_000_000);
        client.attach(association);
        driver = new SctpTimerDriver(clientTimers, () -> System.nanoTime() / 1_000_000);
        browser.appData = (buf, off, len) -> {
            association.onPacket(buf, off, len);
            driver.kick(association);
        };
        association.connect();
        driver.kick(association);
        assertThat(await(() -> association.state() == SctpState.ESTABLISHED, 5_000)).isTrue();
        assertThat(transport.sctpState()).isEqualTo(SctpState.ESTABLISHED);
    }

    @AfterEach
    void close() throws Exception {
        browser.close();
        server.close();
        clientTimers.shutdownNow();
    }

    private SendResult send(int streamId, byte[] data) {
        SendResult r = client.sendBinary(streamId, data);
        driver.kick(association);
        return r;
    }

    private static byte[] numbered(int n, int size) {
        byte[] b = new byte[size];
        new Random(n).nextBytes(b);
        if (size >= 4) {
            ByteBuffer.wrap(b).putInt(n);
        }
        return b;
    }

    @Test
    void negotiatedOrderedChannelDeliversEveryMessageIntactAndInOrder() throws Exception {
        startSctp(SctpConfig.defaults());
        Recorder recorder = new Recorder();
        DataProducer producer = transport.produceData(new SctpStreamParameters(0, true, null, null), "audio",
                "pcm", recorder);
        assertThat(producer.negotiated()).isTrue();
        assertThat(producer.label()).isEqualTo("audio");
        assertThat(transport.dataProducer(0)).isSameAs(producer);
        assertThat(client.registerNegotiated(DataChannel.negotiated(0, true, null, null, "audio", "pcm"))).isTrue();

        int[] sizes = {1, 1024, 65_536, 262_144};
        int count = 0;
        for (int size : sizes) {
            assertThat(send(0, numbered(count, size))).isEqualTo(SendResult.QUEUED);
            count++;
        }
        for (int i = 0; i < 200; i++, count++) {
            while (send(0, numbered(count, 640)) == SendResult.BUFFER_FULL) {
                Thread.sleep(5);
            }
        }
        int expected = count;
        assertThat(await(() -> recorder.messages.size() >= expected, 20_000))
                .as("all messages: got %d of %d; server %s; client %s; demux drops %d", recorder.messages.size(),
                        expected, transport.sctpStats(), association.stats(), server.counters().totalDrops())
                .isTrue();
        Thread.sleep(100);
        assertThat(recorder.messages).hasSize(expected);
        for (int i = 0; i < expected; i++) {
            Message m = recorder.messages.get(i);
            int size = i < sizes.length ? sizes[i] : 640;
            assertThat(m.streamId()).isZero();
            assertThat(m.ppid()).isEqualTo(DataChannelManager.PPID_BINARY);
            assertThat(m.data()).as("message %d", i).isEqualTo(numbered(i, size));
        }
        assertThat(producer.messagesReceived()).isEqualTo(expected);
        assertThat(server.counters().dataMessages()).isEqualTo(expected);
        assertThat(server.counters().sctpAssociations()).isEqualTo(1);
    }

    @Test
    void unorderedPartiallyReliableChannelAndStringMessages() throws Exception {
        startSctp(SctpConfig.defaults());
        Recorder recorder = new Recorder();
        DataProducer producer = transport.produceData(new SctpStreamParameters(3, false, null, 0), "", "", recorder);
        assertThat(producer.ordered()).isFalse();
        assertThat(producer.maxRetransmits()).isZero();
        assertThat(producer.maxPacketLifeTime()).isNull();
        client.registerNegotiated(DataChannel.negotiated(3, false, 0, null, "", ""));
        for (int i = 0; i < 50; i++) {
            send(3, numbered(i, 100));
        }
        client.sendString(3, "{\"type\":\"end\"}");
        client.send(3, new byte[0], false);
        driver.kick(association);
        assertThat(await(() -> recorder.messages.size() == 52, 5_000)).isTrue();
        assertThat(recorder.messages.stream().filter(m -> m.ppid() == DataChannelManager.PPID_BINARY)
                .map(m -> ByteBuffer.wrap(m.data()).getInt()).sorted().toList())
                .isEqualTo(java.util.stream.IntStream.range(0, 50).boxed().toList());
        assertThat(recorder.messages).anySatisfy(m -> {
            assertThat(m.ppid()).isEqualTo(DataChannelManager.PPID_STRING);
            assertThat(new String(m.data(), StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"end\"}");
        });
        assertThat(recorder.messages).anySatisfy(m -> assertThat(m.ppid())
                .isEqualTo(DataChannelManager.PPID_STRING_EMPTY));
    }

    @Test
    void dcepChannelIsAcceptedAndReportedToTheTransportListener() throws Exception {
        startSctp(SctpConfig.defaults());
        DataChannel opened = client.open("chunks", "opus", true, -1, -1);
        assertThat(opened).isNotNull();
        driver.kick(association);
        assertThat(await(() -> clientEvents.opened.size() == 1, 5_000)).as("DCEP ACK").isTrue();
        assertThat(dcepOpened).hasSize(1);
        DataProducer p = dcepOpened.get(0);
        assertThat(p.negotiated()).isFalse();
        assertThat(p.label()).isEqualTo("chunks");
        assertThat(p.protocol()).isEqualTo("opus");
        assertThat(p.streamId()).isEqualTo(opened.streamId());
        assertThat(transport.dataProducers()).containsExactly(p);
        send(opened.streamId(), numbered(7, 640));
        assertThat(await(() -> dcepRecorder.messages.size() == 1, 5_000)).isTrue();
        assertThat(dcepRecorder.messages.get(0).data()).isEqualTo(numbered(7, 640));
    }

    @Test
    void closingAChannelFreesItsStreamIdForANewProducer() throws Exception {
        startSctp(SctpConfig.defaults());
        Recorder first = new Recorder();
        DataProducer p1 = transport.produceData(new SctpStreamParameters(5, true, null, null), "a", "", first);
        client.registerNegotiated(DataChannel.negotiated(5, true, null, null, "a", ""));
        assertThatThrownBy(() -> transport.produceData(new SctpStreamParameters(5, true, null, null), "b", "", null))
                .isInstanceOf(IllegalStateException.class);
        send(5, numbered(1, 10));
        assertThat(await(() -> first.messages.size() == 1, 5_000)).isTrue();

        // The client closes its channel (stream reset); the server resets its side and the producer closes.
        client.close(5);
        driver.kick(association);
        assertThat(await(() -> first.closed == p1 && clientEvents.closed.size() == 1, 5_000)).isTrue();
        assertThat(p1.isClosed()).isTrue();
        assertThat(transport.dataProducer(5)).isNull();

        Recorder second = new Recorder();
        DataProducer p2 = transport.produceData(new SctpStreamParameters(5, true, null, null), "b", "", second);
        assertThat(client.registerNegotiated(DataChannel.negotiated(5, true, null, null, "b", ""))).isTrue();
        send(5, numbered(2, 10));
        assertThat(await(() -> second.messages.size() == 1, 5_000)).isTrue();
        assertThat(second.messages.get(0).data()).isEqualTo(numbered(2, 10));
        assertThat(first.messages).hasSize(1);

        // The application closes the new one: the client sees its channel closed too.
        p2.close();
        assertThat(await(() -> clientEvents.closed.size() == 2, 5_000)).isTrue();
        assertThat(second.closed).isSameAs(p2);
        assertThat(server.counters().dataChannelsClosed()).isEqualTo(2);
    }

    @Test
    void oversizedMessagesAreDroppedAndTheAssociationKeepsWorking() throws Exception {
        startSctp(SctpConfig.defaults().withMaxMessageSize(300_000));
        Recorder recorder = new Recorder();
        transport.produceData(new SctpStreamParameters(0, true, null, null), "", "", recorder);
        client.registerNegotiated(DataChannel.negotiated(0, true, null, null, "", ""));
        assertThat(send(0, numbered(0, 262_145))).isEqualTo(SendResult.QUEUED);
        assertThat(send(0, numbered(1, 640))).isEqualTo(SendResult.QUEUED);
        assertThat(await(() -> recorder.messages.size() == 1, 10_000)).isTrue();
        assertThat(recorder.messages.get(0).data()).isEqualTo(numbered(1, 640));
        assertThat(transport.sctpStats().drops(SctpDropReason.OVERSIZED_MESSAGE)).isEqualTo(1);
        // A message on a stream without producer is counted, not delivered.
        client.registerNegotiated(DataChannel.negotiated(9, true, null, null, "", ""));
        send(9, numbered(2, 10));
        assertThat(await(() -> transport.dataMessagesWithoutProducer() == 1, 5_000)).isTrue();
        assertThat(recorder.messages).hasSize(1);
    }

    @Test
    void closingTheTransportAbortsTheAssociationAndFreesItsTimers() throws Exception {
        startSctp(SctpConfig.defaults());
        Recorder recorder = new Recorder();
        DataProducer p = transport.produceData(new SctpStreamParameters(0, true, null, null), "", "", recorder);
        client.registerNegotiated(DataChannel.negotiated(0, true, null, null, "", ""));
        send(0, numbered(0, 640));
        assertThat(await(() -> recorder.messages.size() == 1, 5_000)).isTrue();
        transport.close();
        assertThat(await(() -> association.state() == SctpState.CLOSED, 5_000)).as("client got ABORT").isTrue();
        assertThat(p.isClosed()).isTrue();
        assertThat(recorder.closed).isSameAs(p);
        assertThat(transport.dataProducers()).isEmpty();
        assertThat(await(() -> server.sctpTimersScheduled() == 0, 2_000)).isTrue();
        assertThatThrownBy(() -> transport.produceData(new SctpStreamParameters(1, true, null, null), "", "", null))
                .isInstanceOf(IllegalStateException.class);
    }
}
