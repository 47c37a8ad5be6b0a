package com.jarvis.ingress.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RtcpCompoundParserTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s", ""));
    }

    private static final String SR_ONE_BLOCK = "81c8000c 11111111 e1234567 89abcdef 00003039 00000064 00001f40"
            + " 22222222 05fffffe 0001ffff 00000010 34567890 00010000";
    private static final String SDES = "81ca0003 11111111 0103 616263 000000";
    private static final String BYE = "82cb0004 11111111 22222222 04 62796521 000000";

    @Test
    void parsesSenderReportSdesAndBye() {
        byte[] b = hex(SR_ONE_BLOCK + SDES + BYE);
        List<RtcpPacket> packets = RtcpCompoundParser.parse(b, 0, b.length);
        assertThat(packets).hasSize(3);

        RtcpPacket.SenderReport sr = (RtcpPacket.SenderReport) packets.get(0);
        assertThat(sr.ssrc()).isEqualTo(0x11111111L);
        assertThat(sr.ntpTimestamp()).isEqualTo(0xe123456789abcdefL);
        assertThat(sr.rtpTimestamp()).isEqualTo(12345);
        assertThat(sr.packetCount()).isEqualTo(100);
        assertThat(sr.octetCount()).isEqualTo(8000);
        assertThat(sr.reportBlocks()).containsExactly(
                new ReportBlock(0x22222222L, 5, -2, 0x1ffffL, 16, 0x34567890L, 0x10000L));

        RtcpPacket.SourceDescription sdes = (RtcpPacket.SourceDescription) packets.get(1);
        assertThat(sdes.chunks()).containsExactly(new RtcpPacket.SdesChunk(0x11111111L,
                List.of(new RtcpPacket.SdesItem(RtcpPacket.SdesItem.CNAME, "abc"))));

        RtcpPacket.Bye bye = (RtcpPacket.Bye) packets.get(2);
        assertThat(bye.ssrcs()).containsExactly(0x11111111L, 0x22222222L);
        assertThat(bye.reason()).isEqualTo("bye!");
    }

    @Test
    void parsesReceiverReportAppFeedbackAndUnknown() {
        byte[] b = hex("80c90001 33333333"          // RR, no blocks
                + "83cc0003 44444444 6e616d65 01020304" // APP subtype 3, "name", 4 data bytes
                + "8fcd0004 55555555 66666666 00000000 00000000" // RTPFB fmt 15 (transport-cc), FCI skipped
                + "81ce0002 55555555 66666666" // PSFB fmt 1 (PLI)
                + "80cf0001 77777777");       // XR: unknown here
        List<RtcpPacket> packets = RtcpCompoundParser.parse(b, 0, b.length);
        assertThat(packets).containsExactly(
                new RtcpPacket.ReceiverReport(0x33333333L, List.of()),
                new RtcpPacket.App(3, 0x44444444L, "name", 20, 4),
                new RtcpPacket.Feedback(205, 15, 0x55555555L, 0x66666666L),
                new RtcpPacket.Feedback(206, 1, 0x55555555L, 0x66666666L),
                new RtcpPacket.Unknown(207, 8));
    }

    @Test
    void paddingOnlyOnLastPacket() {
        byte[] lastPadded = hex("80c90001 33333333 a0c90002 44444444 00000004");
        assertThat(RtcpCompoundParser.parse(lastPadded, 0, lastPadded.length)).hasSize(2);
        byte[] firstPadded = hex("a0c90002 44444444 00000004 80c90001 33333333");
        assertThat(RtcpCompoundParser.parse(firstPadded, 0, firstPadded.length)).isNull();
    }

    @Test
    void malformedGivesNull() {
        assertThat(RtcpCompoundParser.parse(hex("80c9"), 0, 2)).isNull();
        assertThat(RtcpCompoundParser.parse(hex("40c90001 33333333"), 0, 8)).isNull(); // version 1
        assertThat(RtcpCompoundParser.parse(hex("80c90002 33333333"), 0, 8)).isNull(); // length past end
        assertThat(RtcpCompoundParser.parse(hex("81c90001 33333333"), 0, 8)).isNull(); // block missing
        assertThat(RtcpCompoundParser.parse(hex("80c90001 33333333 00"), 0, 9)).isNull(); // trailing byte
        assertThat(RtcpCompoundParser.parse(hex("81ca0002 11111111 01ff0000"), 0, 12)).isNull(); // item too long
        Random r = new Random(5);
        for (int i = 0; i < 5000; i++) {
            byte[] junk = new byte[r.nextInt(80)];
            r.nextBytes(junk);
            if (junk.length > 0) {
                junk[0] = (byte) (0x80 | (junk[0] & 0x3f));
            }
            RtcpCompoundParser.parse(junk, 0, junk.length); // must not throw
        }
    }
}
