package com.jarvis.ingress.media.sctp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A hand-driven peer for one association under test: builds arbitrary packets and captures replies. */
final class RawPeer {
    final List<byte[]> sent = new ArrayList<>();
    final TestLink.Recorder events = new TestLink.Recorder();
    final SctpAssociation assoc;
    final SctpPacketWriter w = new SctpPacketWriter(8192);
    long now = 5_000_000;
    int myTag = 0x0badcafe;
    int myTsn = 1000;
    int theirTag;

    RawPeer(SctpConfig config) {
        assoc = new SctpAssociation(config, TestLink.SECRET,
                (b, o, l) -> sent.add(Arrays.copyOfRange(b, o, o + l)), events, () -> now);
    }

    RawPeer() {
        this(SctpConfig.defaults());
    }

    void feed(byte[] p) {
        assoc.onPacket(p, 0, p.length, now);
    }

    byte[] finish() {
        int len = w.finish();
        return Arrays.copyOf(w.buffer(), len);
    }

    byte[] init(int tag) {
        w.start(5000, 5000, 0);
        new InitChunk(false, tag, 1 << 20, 1024, 1024, myTsn, true, true, null).writeTo(w);
        return finish();
    }

    byte[] cookieEcho(int vtag, byte[] cookie) {
        w.start(5000, 5000, vtag);
        w.beginChunk(SctpChunkType.COOKIE_ECHO, 0).putBytes(cookie, 0, cookie.length).endChunk();
        return finish();
    }

    /** Sends INIT, returns the INIT ACK the association answered with. */
    InitChunk sendInit() {
        sent.clear();
        feed(init(myTag));
        SctpPacketReader r = chunk(last(), SctpChunkType.INIT_ACK);
        return InitChunk.decode(true, r.buffer(), r.valueOffset(), r.valueLength());
    }

    void establish() {
        InitChunk ack = sendInit();
        theirTag = ack.initiateTag();
        sent.clear();
        feed(cookieEcho(theirTag, ack.cookie()));
        if (chunk(last(), SctpChunkType.COOKIE_ACK) == null || assoc.state() != SctpState.ESTABLISHED) {
            throw new AssertionError("not established");
        }
        sent.clear();
    }

    byte[] data(int tsnOffset, int sid, int ssn, int flags, int ppid, byte[] payload) {
        w.start(5000, 5000, theirTag);
        DataChunk.write(w, flags, myTsn + tsnOffset, sid, ssn, ppid, payload, 0, payload.length);
        return finish();
    }

    byte[] last() {
        return sent.isEmpty() ? null : sent.get(sent.size() - 1);
    }

    /** The first chunk of the given type in a packet, or null. */
    static SctpPacketReader chunk(byte[] packet, int type) {
        if (packet == null) {
            return null;
        }
        SctpPacketReader r = new SctpPacketReader();
        r.reset(packet, 0, packet.length);
        while (r.nextChunk()) {
            if (r.chunkType() == type) {
                return r;
            }
        }
        return null;
    }

    /** The latest SACK sent, or null. */
    SackChunk lastSack() {
        for (int i = sent.size() - 1; i >= 0; i--) {
            SctpPacketReader r = chunk(sent.get(i), SctpChunkType.SACK);
            if (r != null) {
                return SackChunk.decode(r.buffer(), r.valueOffset(), r.valueLength());
            }
        }
        return null;
    }
}
