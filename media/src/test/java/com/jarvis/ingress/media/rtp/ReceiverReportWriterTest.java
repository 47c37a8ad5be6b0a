package com.jarvis.ingress.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReceiverReportWriterTest {
    private static final long MS = 1_000_000L;

    private static int u8(byte[] b, int i) {
        return b[i] & 0xff;
    }

    private static long u32(byte[] b, int i) {
        return RtpPacket.u32(b, i);
    }

    /** A stream with 2 of 13 packets lost, 10 ms jitter step and an SR 250 ms ago. */
    private static ReceiveStreamStats stream() {
        ReceiveStreamStats s = new ReceiveStreamStats(0xcafebabeL, 48000);
        for (int seq = 0; seq < 14; seq++) {
            if (seq != 5 && seq != 6) {
                s.onRtp(seq, seq * 960L, seq * 20 * MS + (seq == 13 ? 10 * MS : 0), 80);
            }
        }
        s.onSenderReport(0xaaaabbbbccccddddL, 750 * MS);
        return s;
    }

    @Test
    void compoundRrWithSdesCnameFieldByField() {
        ReceiverReportWriter w = new ReceiverReportWriter(0x01020304L, "abc", false);
        byte[] buf = new byte[100];
        int n = w.write(buf, 2, List.of(stream()), 1000 * MS);
        assertThat(n).isEqualTo(32 + 16).isEqualTo(w.size(1));

        // RR header: V=2, P=0, RC=1; PT=201; length 7 (32 bytes)
        assertThat(u8(buf, 2)).isEqualTo(0x81);
        assertThat(u8(buf, 3)).isEqualTo(201);
        assertThat(RtpPacket.u16(buf, 4)).isEqualTo(7);
        assertThat(u32(buf, 6)).isEqualTo(0x01020304L);
        // report block
        assertThat(u32(buf, 10)).isEqualTo(0xcafebabeL);
        assertThat(u8(buf, 14)).isEqualTo(2 * 256 / 13); // 1..13 expected (0 ended probation), 2 lost
        assertThat((u8(buf, 15) << 16) | (u8(buf, 16) << 8) | u8(buf, 17)).isEqualTo(2);
        assertThat(u32(buf, 18)).isEqualTo(13);
        assertThat(u32(buf, 22)).isEqualTo(30); // one 480-unit deviation / 16
        assertThat(u32(buf, 26)).isEqualTo(0xbbbbccccL);
        assertThat(u32(buf, 30)).isEqualTo(0x4000L); // 250 ms in 1/65536 s
        // SDES: V=2, SC=1, PT=202, length 3; SSRC; CNAME item "abc"; null terminator and padding to 32 bits
        assertThat(u8(buf, 34)).isEqualTo(0x81);
        assertThat(u8(buf, 35)).isEqualTo(202);
        assertThat(RtpPacket.u16(buf, 36)).isEqualTo(3);
        assertThat(u32(buf, 38)).isEqualTo(0x01020304L);
        assertThat(u8(buf, 42)).isEqualTo(1);
        assertThat(u8(buf, 43)).isEqualTo(3);
        assertThat(new String(buf, 44, 3)).isEqualTo("abc");
        assertThat(buf[47]).isZero();
        assertThat(buf[48]).isZero();
        assertThat(buf[49]).isZero();

        List<RtcpPacket> parsed = RtcpCompoundParser.parse(buf, 2, n);
        assertThat(parsed).hasSize(2);
        assertThat(((RtcpPacket.SourceDescription) parsed.get(1)).chunks().get(0).items())
                .containsExactly(new RtcpPacket.SdesItem(1, "abc"));
    }

    @Test
    void cnameNeedingFullNullWordIsPadded() {
        // item of 2 + 2 bytes ends on a boundary: a whole null word must follow
        ReceiverReportWriter w = new ReceiverReportWriter(9, "ab", false);
        byte[] buf = new byte[64];
        int n = w.write(buf, 0, List.of(), 0);
        assertThat(n).isEqualTo(8 + 4 + 4 + 8);
        assertThat(u8(buf, 0)).isEqualTo(0x80); // empty RR
        assertThat(RtcpCompoundParser.parse(buf, 0, n)).hasSize(2);
    }

    @Test
    void reducedSizeHasNoSdesAndManyStreamsSplitAcrossRrs() {
        ReceiverReportWriter w = new ReceiverReportWriter(9, "x", true);
        List<ReceiveStreamStats> streams = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            streams.add(new ReceiveStreamStats(100 + i, 48000));
        }
        byte[] buf = new byte[2000];
        int n = w.write(buf, 0, streams, 0);
        assertThat(n).isEqualTo(8 + 31 * 24 + 8 + 9 * 24);
        List<RtcpPacket> parsed = RtcpCompoundParser.parse(buf, 0, n);
        assertThat(parsed).hasSize(2).allMatch(p -> p instanceof RtcpPacket.ReceiverReport);
        assertThat(((RtcpPacket.ReceiverReport) parsed.get(0)).reportBlocks()).hasSize(31);
        assertThat(((RtcpPacket.ReceiverReport) parsed.get(1)).reportBlocks()).hasSize(9)
                .last().extracting(ReportBlock::ssrc).isEqualTo(139L);
    }

    @Test
    void tooSmallBufferWritesNothingAndKeepsIntervals() {
        ReceiverReportWriter w = new ReceiverReportWriter(9, "abc", false);
        ReceiveStreamStats s = stream();
        assertThat(w.write(new byte[40], 0, List.of(s), 0)).isEqualTo(-1);
        assertThat(s.reportBlock(0).fractionLost()).isEqualTo(2 * 256 / 13);
    }
}
