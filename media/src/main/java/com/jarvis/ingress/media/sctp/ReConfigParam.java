package com.jarvis.ingress.media.sctp;

/** One parameter of a RE-CONFIG chunk (RFC 6525 section 4). */
public sealed interface ReConfigParam
        permits ReConfigParam.OutgoingReset, ReConfigParam.IncomingReset, ReConfigParam.Response {

    int TYPE_OUTGOING_RESET = 13;
    int TYPE_INCOMING_RESET = 14;
    int TYPE_RESPONSE = 16;

    /** Result codes of a Re-configuration Response (RFC 6525 section 4.4, RFC 6525 errata "in progress"). */
    int RESULT_NOTHING_TO_DO = 0;
    int RESULT_PERFORMED = 1;
    int RESULT_DENIED = 2;
    int RESULT_WRONG_SSN = 3;
    int RESULT_IN_PROGRESS_ALREADY = 4;
    int RESULT_BAD_SEQUENCE = 5;
    int RESULT_IN_PROGRESS = 6;

    void writeTo(SctpPacketWriter w);

    /** Outgoing SSN Reset Request: the sender resets its outgoing streams after {@code lastAssignedTsn}. */
    record OutgoingReset(int requestSeq, int responseSeq, int lastAssignedTsn, int[] streams)
            implements ReConfigParam {
        @Override
        public void writeTo(SctpPacketWriter w) {
            w.put16(TYPE_OUTGOING_RESET).put16(16 + 2 * streams.length).put32(requestSeq).put32(responseSeq)
                    .put32(lastAssignedTsn);
            for (int s : streams) {
                w.put16(s);
            }
            w.pad();
        }
    }

    /** Incoming SSN Reset Request: asks the receiver to reset its outgoing streams. */
    record IncomingReset(int requestSeq, int[] streams) implements ReConfigParam {
        @Override
        public void writeTo(SctpPacketWriter w) {
            w.put16(TYPE_INCOMING_RESET).put16(8 + 2 * streams.length).put32(requestSeq);
            for (int s : streams) {
                w.put16(s);
            }
            w.pad();
        }
    }

    /** Re-configuration Response to the request with sequence number {@code responseSeq}. */
    record Response(int responseSeq, int result) implements ReConfigParam {
        @Override
        public void writeTo(SctpPacketWriter w) {
            w.put16(TYPE_RESPONSE).put16(12).put32(responseSeq).put32(result);
        }
    }
}
