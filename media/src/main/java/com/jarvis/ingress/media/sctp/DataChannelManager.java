package com.jarvis.ingress.media.sctp;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * WebRTC data channels on one association (RFC 8831, RFC 8832): pre-negotiated channels registered by stream id,
 * DCEP OPEN/ACK on PPID 50, the PPIDs for string/binary/empty messages, and closing by stream reset.
 *
 * <p>Stream id parity (RFC 8832 section 6): the DTLS client opens channels with even ids, the server with odd
 * ones. Ids we pick follow the rule; a peer's OPEN with the wrong parity is counted but accepted, because some
 * clients ignore it and nothing breaks as long as both sides never open the same id at once.
 *
 * <p>Use it as the association's listener, then {@link #attach} the association.
 */
public final class DataChannelManager implements SctpAssociationListener {
    public static final int PPID_DCEP = 50;
    public static final int PPID_STRING = 51;
    public static final int PPID_BINARY = 53;
    public static final int PPID_STRING_EMPTY = 56;
    public static final int PPID_BINARY_EMPTY = 57;
    private static final byte[] EMPTY = new byte[0];

    private final boolean dtlsClient;
    private final DataChannelListener listener;
    private final Map<Integer, DataChannel> channels = new HashMap<>();
    /** Channels we opened with DCEP whose ACK has not arrived: must send ordered until then. */
    private final Set<Integer> awaitingAck = new HashSet<>();
    /** Streams whose outgoing side we reset and whose incoming side the peer has not reset yet. */
    private final Set<Integer> closing = new HashSet<>();
    private SctpAssociation association;
    private int nextOwnId;

    private long dcepOpensReceived;
    private long wrongParityOpens;
    private long messagesWithoutChannel;
    private long badDcep;

    public DataChannelManager(boolean dtlsClient, DataChannelListener listener) {
        this.dtlsClient = dtlsClient;
        this.listener = listener;
        this.nextOwnId = dtlsClient ? 0 : 1;
    }

    public synchronized void attach(SctpAssociation association) {
        this.association = association;
    }

    /** Registers a pre-negotiated channel; false if its stream id is in use. */
    public synchronized boolean registerNegotiated(DataChannel channel) {
        if (channels.containsKey(channel.streamId())) {
            return false;
        }
        channels.put(channel.streamId(), channel);
        return true;
    }

    /**
     * Opens a channel with DCEP on a stream id of our parity; the channel is usable at once (ordered until the
     * peer's ACK). Returns null when no id is free or the association is not established.
     */
    public DataChannel open(String label, String protocol, boolean ordered, int maxRetransmits,
                            long maxPacketLifeTime) {
        // Never hold this lock while calling into the association (it calls us back under its own lock).
        int limit = association.outboundStreams();
        DataChannel ch = null;
        synchronized (this) {
            int parity = dtlsClient ? 0 : 1;
            for (int i = 0, id = nextOwnId; i < limit; i++, id += 2) {
                if (id >= limit) {
                    id = parity;
                }
                if (!channels.containsKey(id) && !closing.contains(id)) {
                    ch = new DataChannel(id, label, protocol, ordered, maxRetransmits, maxPacketLifeTime, 256,
                            false);
                    channels.put(id, ch);
                    awaitingAck.add(id);
                    nextOwnId = id + 2;
                    break;
                }
            }
        }
        if (ch == null) {
            return null;
        }
        SendResult r = association.sendMessage(ch.streamId(), PPID_DCEP, DcepMessage.Open.of(ch).encode(),
                SendOptions.RELIABLE_ORDERED);
        if (r != SendResult.QUEUED) {
            synchronized (this) {
                channels.remove(ch.streamId());
                awaitingAck.remove(ch.streamId());
            }
            return null;
        }
        return ch;
    }

    public synchronized DataChannel channel(int streamId) {
        return channels.get(streamId);
    }

    public SendResult sendBinary(int streamId, byte[] data) {
        return send(streamId, data, true);
    }

    public SendResult sendString(int streamId, String text) {
        return send(streamId, text.getBytes(StandardCharsets.UTF_8), false);
    }

    /** Sends one message on an open channel with the channel's reliability. */
    public SendResult send(int streamId, byte[] data, boolean binary) {
        DataChannel ch;
        boolean forceOrdered;
        synchronized (this) {
            ch = channels.get(streamId);
            forceOrdered = awaitingAck.contains(streamId);
        }
        if (ch == null) {
            return SendResult.INVALID_STREAM;
        }
        int ppid;
        byte[] payload;
        if (data.length == 0) {
            // SCTP cannot carry empty DATA: one zero byte with the "empty" PPID (RFC 8831 section 6.6).
            ppid = binary ? PPID_BINARY_EMPTY : PPID_STRING_EMPTY;
            payload = new byte[1];
        } else {
            ppid = binary ? PPID_BINARY : PPID_STRING;
            payload = data;
        }
        SendOptions o = ch.sendOptions();
        if (forceOrdered && !o.ordered()) {
            o = new SendOptions(true, o.maxRetransmits(), o.lifetimeMillis());
        }
        return association.sendMessage(streamId, ppid, payload, o);
    }

    /** Closes a channel: resets our outgoing stream; the peer answers by resetting its own (RFC 8831 6.7). */
    public void close(int streamId) {
        SctpAssociation a;
        synchronized (this) {
            if (!channels.containsKey(streamId)) {
                return;
            }
            a = association;
            if (a == null) {
                // Registered before any association existed: nothing to reset, the id is free at once.
                channels.remove(streamId);
                return;
            }
            closing.add(streamId);
        }
        a.resetStreams(streamId);
    }

    @Override
    public void onMessage(int streamId, int ppid, byte[] data) {
        switch (ppid) {
            case PPID_DCEP -> onDcep(streamId, data);
            case PPID_STRING_EMPTY, PPID_BINARY_EMPTY -> deliver(streamId, ppid, EMPTY);
            default -> deliver(streamId, ppid, data);
        }
    }

    private void deliver(int streamId, int ppid, byte[] data) {
        boolean known;
        synchronized (this) {
            known = channels.containsKey(streamId);
            if (!known) {
                messagesWithoutChannel++;
            }
        }
        if (known) {
            listener.onMessage(streamId, ppid, data);
        }
    }

    private void onDcep(int streamId, byte[] data) {
        if (data.length == 1 && data[0] == DcepMessage.TYPE_ACK) {
            DataChannel opened;
            synchronized (this) {
                opened = awaitingAck.remove(streamId) ? channels.get(streamId) : null;
            }
            if (opened != null) {
                listener.onChannelOpened(opened);
            } else {
                synchronized (this) {
                    badDcep++;
                }
            }
            return;
        }
        DcepMessage.Open open = DcepMessage.decodeOpen(data);
        DataChannel ch;
        synchronized (this) {
            if (open == null || channels.containsKey(streamId)) {
                badDcep++;
                return;
            }
            dcepOpensReceived++;
            // The peer is the DTLS client when we are not; its ids should then be even.
            boolean peerShouldBeEven = !dtlsClient;
            if (((streamId & 1) == 0) != peerShouldBeEven) {
                wrongParityOpens++;
            }
            ch = open.toChannel(streamId);
            channels.put(streamId, ch);
            closing.remove(streamId);
        }
        association.sendMessage(streamId, PPID_DCEP, DcepMessage.ack(), SendOptions.RELIABLE_ORDERED);
        listener.onChannelOpened(ch);
    }

    @Override
    public void onIncomingStreamsReset(int[] streamIds) {
        for (int sid : streamIds) {
            DataChannel ch;
            boolean weClosed;
            synchronized (this) {
                ch = channels.remove(sid);
                awaitingAck.remove(sid);
                weClosed = closing.remove(sid);
            }
            if (!weClosed && ch != null) {
                // The peer closed: reset our side too so the id is free both ways.
                association.resetStreams(sid);
            }
            if (ch != null) {
                listener.onChannelClosed(ch);
            }
        }
    }

    @Override
    public void onStateChanged(SctpState state) {
        listener.onStateChanged(state);
    }

    public synchronized long dcepOpensReceived() {
        return dcepOpensReceived;
    }

    public synchronized long wrongParityOpens() {
        return wrongParityOpens;
    }

    public synchronized long messagesWithoutChannel() {
        return messagesWithoutChannel;
    }

    public synchronized long badDcepMessages() {
        return badDcep;
    }
}
