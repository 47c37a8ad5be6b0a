package com.jarvis.ingress.bench.loadgen;

import com.jarvis.ingress.media.ice.StunClass;
import com.jarvis.ingress.media.ice.StunConstants;
import com.jarvis.ingress.media.ice.StunIntegrity;
import com.jarvis.ingress.media.ice.StunMessage;
import com.jarvis.ingress.media.ice.StunMessageBuilder;
import com.jarvis.ingress.media.transport.IceParameters;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The controlling ICE agent of one client towards an ICE-lite server: binding requests with USERNAME, PRIORITY,
 * ICE-CONTROLLING, USE-CANDIDATE, MESSAGE-INTEGRITY and FINGERPRINT (the first ones nominate, later ones are consent
 * checks, RFC 7675), and the check that a response answers our latest request and carries the server's integrity.
 * Requests are built on one thread at a time, responses are checked on the I/O thread.
 */
final class IceClient {
    /** Host candidate, UDP, RFC 8445 formula with type preference 126 and local preference 65535. */
    private static final int PRIORITY = (126 << 24) | (65_535 << 8) | 255;
    private static final int RECENT = 4;

    private final String username;
    private final StunIntegrity requestKey;
    private final StunIntegrity responseKey;
    private final long tieBreaker = ThreadLocalRandom.current().nextLong();
    /** The transaction ids of the latest requests: a late response to an earlier one still counts. */
    private final byte[][] recent = new byte[RECENT][];
    private int nextRecent;
    private long responses;
    private long badResponses;

    IceClient(IceParameters server) {
        String localUfrag = Long.toHexString(ThreadLocalRandom.current().nextLong() | 1L << 62);
        this.username = server.usernameFragment() + ":" + localUfrag;
        this.requestKey = new StunIntegrity(server.password());
        this.responseKey = new StunIntegrity(server.password());
    }

    /** A new binding request with USE-CANDIDATE (new transaction id); {@link #onResponse} accepts answers to the last 4. */
    synchronized byte[] bindingRequest() {
        byte[] tx = new byte[StunConstants.TRANSACTION_ID_LENGTH];
        ThreadLocalRandom.current().nextBytes(tx);
        byte[] request = StunMessageBuilder.create(StunClass.REQUEST, StunConstants.METHOD_BINDING, tx, 0)
                .username(username)
                .priority(PRIORITY)
                .iceControlling(tieBreaker)
                .useCandidate()
                .messageIntegrity(requestKey)
                .fingerprint()
                .build();
        recent[nextRecent] = tx;
        nextRecent = (nextRecent + 1) % RECENT;
        return request;
    }

    /**
     * Checks a STUN message from the server (I/O thread).
     *
     * @return true when it is an authenticated success response to the latest request
     */
    boolean onResponse(StunMessage m) {
        boolean ok = m.stunClass() == StunClass.SUCCESS_RESPONSE
                && isRecent(m.transactionId())
                && m.hasMessageIntegrity() && m.verifyIntegrity(responseKey);
        if (ok) {
            responses++;
        } else {
            badResponses++;
        }
        return ok;
    }

    private synchronized boolean isRecent(byte[] tx) {
        for (byte[] r : recent) {
            if (r != null && Arrays.equals(r, tx)) {
                return true;
            }
        }
        return false;
    }

    long responses() {
        return responses;
    }

    long badResponses() {
        return badResponses;
    }
}
