package com.jarvis.ingress.media.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jarvis.ingress.media.net.Transport;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IceLiteServerTest {
    private static final IceCredentials LOCAL = new IceCredentials("localUfrag", "localPassword0123456789");
    private static final IceTuple A = tuple(40001);
    private static final IceTuple B = tuple(40002);

    private final RecordingListener events = new RecordingListener();
    private final IceLiteServer server = new IceLiteServer(LOCAL, new SecureRandom(), events, 30_000);
    private int txCounter;

    private static IceTuple tuple(int port) {
        return new IceTuple(new InetSocketAddress("192.0.2.7", port), Transport.UDP);
    }

    /** A client's check as libwebrtc sends it (controlling, PRIORITY, USERNAME, MI, FINGERPRINT). */
    private StunMessageBuilder check(IceCredentials creds) {
        byte[] tx = new byte[12];
        tx[11] = (byte) ++txCounter;
        return StunMessageBuilder.create(StunClass.REQUEST, 1, tx, 0)
                .username(creds.ufrag() + ":remoteUfrag")
                .priority(0x7e7f00ff)
                .iceControlling(12345L);
    }

    private byte[] valid(IceCredentials creds, boolean useCandidate) {
        StunMessageBuilder b = check(creds);
        if (useCandidate) {
            b.useCandidate();
        }
        return b.messageIntegrity(new StunIntegrity(creds.password())).fingerprint().build();
    }

    private StunMessage send(byte[] request, IceTuple from, long now) {
        byte[] response = server.handle(request, 0, request.length, from, now);
        return response == null ? null : StunMessage.parse(response, 0, response.length);
    }

    @Test
    void validCheckGetsSignedSuccessWithXorMappedAddress() {
        byte[] req = valid(LOCAL, false);
        StunMessage resp = send(req, A, 0);

        assertThat(resp.stunClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
        assertThat(resp.transactionId()).isEqualTo(StunMessage.parse(req, 0, req.length).transactionId());
        assertThat(resp.xorMappedAddress()).isEqualTo(A.remote());
        assertThat(resp.verifyIntegrity(new StunIntegrity(LOCAL.password()))).isTrue();
        assertThat(resp.verifyFingerprint()).isTrue();
        assertThat(server.successes()).isEqualTo(1);
    }

    @Test
    void stateGoesNewConnectedCompleted() {
        assertThat(server.state()).isEqualTo(IceState.NEW);
        assertThat(server.isValidTuple(A)).isFalse();

        send(valid(LOCAL, false), A, 0);
        assertThat(server.state()).isEqualTo(IceState.CONNECTED);
        assertThat(server.selectedTuple()).isEqualTo(A);
        assertThat(server.isValidTuple(A)).isTrue();

        send(valid(LOCAL, false), B, 10);
        assertThat(server.selectedTuple()).isEqualTo(A);

        send(valid(LOCAL, true), B, 20);
        assertThat(server.state()).isEqualTo(IceState.COMPLETED);
        assertThat(server.selectedTuple()).isEqualTo(B);
        assertThat(events.log).containsExactly(
                "added " + A, "selected " + A, "state CONNECTED",
                "added " + B,
                "selected " + B, "state COMPLETED");
    }

    @Test
    void respondSinkGetsTheResponseBeforeTheListenersEvents() {
        byte[] req = valid(LOCAL, true);
        List<byte[]> handed = new ArrayList<>();
        byte[] response = server.handle(req, 0, req.length, A, 0, r -> {
            // The transport sends here; the state it will start DTLS from is already decided.
            handed.add(r);
            events.log.add("response, state " + server.state());
        });

        assertThat(handed).containsExactly(response);
        assertThat(StunMessage.parse(response, 0, response.length).stunClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
        assertThat(events.log).containsExactly(
                "response, state COMPLETED", "added " + A, "selected " + A, "state COMPLETED");
    }

    @Test
    void respondSinkGetsErrorResponsesAndNothingForDroppedPackets() {
        List<byte[]> handed = new ArrayList<>();
        byte[] wrongPassword = valid(new IceCredentials(LOCAL.ufrag(), "anotherPassword0123456789"), false);
        byte[] response = server.handle(wrongPassword, 0, wrongPassword.length, A, 0, handed::add);
        assertThat(handed).containsExactly(response);
        assertThat(StunMessage.parse(response, 0, response.length).errorCode()).isEqualTo(401);

        byte[] garbage = {0, 1, 0, 0};
        assertThat(server.handle(garbage, 0, garbage.length, A, 0, handed::add)).isNull();
        assertThat(handed).hasSize(1);
        assertThat(events.log).isEmpty();
    }

    @Test
    void useCandidateOnFirstCheckCompletesDirectly() {
        send(valid(LOCAL, true), A, 0);

        assertThat(server.state()).isEqualTo(IceState.COMPLETED);
        assertThat(server.selectedTuple()).isEqualTo(A);
    }

    @Test
    void errorResponsesFollowMediasoupOrder() {
        // not a Binding request -> 400
        byte[] allocate = StunMessageBuilder.create(StunClass.REQUEST, 3, new byte[12], 0).fingerprint().build();
        assertThat(send(allocate, A, 0).errorCode()).isEqualTo(400);

        // no FINGERPRINT -> 400
        byte[] noFp = check(LOCAL).messageIntegrity(new StunIntegrity(LOCAL.password())).build();
        assertThat(send(noFp, A, 0).errorCode()).isEqualTo(400);

        // no PRIORITY -> 400
        byte[] noPriority = StunMessageBuilder.create(StunClass.REQUEST, 1, new byte[12], 0)
                .username(LOCAL.ufrag() + ":x").messageIntegrity(new StunIntegrity(LOCAL.password()))
                .fingerprint().build();
        assertThat(send(noPriority, A, 0).errorCode()).isEqualTo(400);

        // bad MESSAGE-INTEGRITY -> 401
        byte[] badMi = check(LOCAL).messageIntegrity(new StunIntegrity("not the password")).fingerprint().build();
        assertThat(send(badMi, A, 0).errorCode()).isEqualTo(401);

        // wrong USERNAME (unknown local ufrag) -> 401
        byte[] wrongUser = check(new IceCredentials("otherUfrag", LOCAL.password()))
                .messageIntegrity(new StunIntegrity(LOCAL.password())).fingerprint().build();
        assertThat(send(wrongUser, A, 0).errorCode()).isEqualTo(401);

        // ICE-CONTROLLED -> 487, signed because the request authenticated
        byte[] controlled = StunMessageBuilder.create(StunClass.REQUEST, 1, new byte[12], 0)
                .username(LOCAL.ufrag() + ":r").priority(1).iceControlled(1L)
                .messageIntegrity(new StunIntegrity(LOCAL.password())).fingerprint().build();
        StunMessage conflict = send(controlled, A, 0);
        assertThat(conflict.errorCode()).isEqualTo(487);
        assertThat(conflict.verifyIntegrity(new StunIntegrity(LOCAL.password()))).isTrue();

        assertThat(server.drops(IceDropReason.NOT_BINDING)).isEqualTo(1);
        assertThat(server.drops(IceDropReason.NO_FINGERPRINT)).isEqualTo(1);
        assertThat(server.drops(IceDropReason.NO_PRIORITY)).isEqualTo(1);
        assertThat(server.drops(IceDropReason.UNAUTHORIZED)).isEqualTo(2);
        assertThat(server.drops(IceDropReason.ROLE_CONFLICT)).isEqualTo(1);
        assertThat(server.state()).isEqualTo(IceState.NEW);
        assertThat(server.isValidTuple(A)).isFalse();
    }

    @Test
    void indicationsResponsesGarbageAndBadFingerprintsAreDroppedSilently() {
        byte[] indication = StunMessageBuilder.create(StunClass.INDICATION, 1, new byte[12], 0).fingerprint().build();
        byte[] response = StunMessageBuilder.create(StunClass.SUCCESS_RESPONSE, 1, new byte[12], 0).build();
        byte[] badFp = valid(LOCAL, false);
        badFp[badFp.length - 1] ^= 1;

        assertThat(send(indication, A, 0)).isNull();
        assertThat(send(response, A, 0)).isNull();
        assertThat(send(badFp, A, 0)).isNull();
        assertThat(send(new byte[] {0, 1, 2}, A, 0)).isNull();

        assertThat(server.drops(IceDropReason.NOT_A_REQUEST)).isEqualTo(2);
        assertThat(server.drops(IceDropReason.BAD_FINGERPRINT)).isEqualTo(1);
        assertThat(server.drops(IceDropReason.MALFORMED)).isEqualTo(1);
    }

    @Test
    void consentExpiryDisconnectsAndClearsTuples() {
        send(valid(LOCAL, true), A, 0);
        send(valid(LOCAL, false), B, 1_000);

        server.tick(29_999);
        assertThat(server.tuples()).containsExactly(A, B);

        server.tick(30_000); // A: no valid check for 30 s; B takes over
        assertThat(server.tuples()).containsExactly(B);
        assertThat(server.selectedTuple()).isEqualTo(B);
        assertThat(server.state()).isEqualTo(IceState.COMPLETED);

        server.tick(31_000);
        assertThat(server.tuples()).isEmpty();
        assertThat(server.selectedTuple()).isNull();
        assertThat(server.state()).isEqualTo(IceState.DISCONNECTED);
        assertThat(server.isValidTuple(B)).isFalse();
        assertThat(events.log).contains("removed " + A, "removed " + B, "selected null", "state DISCONNECTED");

        send(valid(LOCAL, false), A, 40_000); // a fresh valid check reconnects
        assertThat(server.state()).isEqualTo(IceState.CONNECTED);
    }

    @Test
    void checksRefreshConsent() {
        send(valid(LOCAL, true), A, 0);
        send(valid(LOCAL, false), A, 25_000);

        server.tick(50_000);

        assertThat(server.state()).isEqualTo(IceState.COMPLETED);
        assertThat(server.isValidTuple(A)).isTrue();
    }

    @Test
    void consentTimeoutIsConfigurableWithinTenToSixtySeconds() {
        IceLiteServer quick = new IceLiteServer(LOCAL, new SecureRandom(), events, 10_000);
        byte[] req = valid(LOCAL, false);
        quick.handle(req, 0, req.length, A, 0);
        quick.tick(10_000);
        assertThat(quick.state()).isEqualTo(IceState.DISCONNECTED);

        assertThatThrownBy(() -> new IceLiteServer(new SecureRandom(), events, 9_999))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IceLiteServer(new SecureRandom(), events, 60_001))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsAtMostEightTuplesEvictingOldestUnselected() {
        send(valid(LOCAL, true), tuple(1), 0); // selected, and the oldest
        for (int port = 2; port <= 9; port++) {
            send(valid(LOCAL, false), tuple(port), port);
        }

        assertThat(server.tuples()).hasSize(IceLiteServer.MAX_TUPLES);
        assertThat(server.isValidTuple(tuple(1))).isTrue(); // selected survives
        assertThat(server.isValidTuple(tuple(2))).isFalse(); // oldest non-selected evicted
        assertThat(server.isValidTuple(tuple(9))).isTrue();
        assertThat(events.log).contains("removed " + tuple(2));
    }

    @Test
    void removingTheSelectedTcpTupleFallsBackOrDisconnects() {
        IceTuple tcp = new IceTuple(new InetSocketAddress("192.0.2.7", 5000), Transport.TCP);
        send(valid(LOCAL, true), tcp, 0);
        assertThat(server.isValidTuple(new IceTuple(tcp.remote(), Transport.UDP))).isFalse();

        server.removeTuple(tcp);

        assertThat(server.state()).isEqualTo(IceState.DISCONNECTED);
        assertThat(server.tuples()).isEmpty();
    }

    @Test
    void iceRestartKeepsOldCredentialsUntilNewOnesAreUsed() {
        send(valid(LOCAL, true), A, 0);
        IceCredentials fresh = server.restart();

        assertThat(fresh.ufrag()).isNotEqualTo(LOCAL.ufrag());
        assertThat(server.credentials()).isEqualTo(fresh);
        assertThat(server.acceptsUfrag(LOCAL.ufrag())).isTrue();
        assertThat(send(valid(LOCAL, false), A, 1).stunClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);

        StunMessage viaNew = send(valid(fresh, false), A, 2);
        assertThat(viaNew.verifyIntegrity(new StunIntegrity(fresh.password()))).isTrue();

        assertThat(server.acceptsUfrag(LOCAL.ufrag())).isFalse();
        assertThat(send(valid(LOCAL, false), A, 3).errorCode()).isEqualTo(401);
        assertThat(events.log).contains("retired " + LOCAL.ufrag());
    }

    @Test
    void randomCredentialsAre32IceChars() {
        IceCredentials c = IceCredentials.random(new SecureRandom());

        assertThat(c.ufrag()).hasSize(32).matches("[A-Za-z0-9+/]{32}");
        assertThat(c.password()).hasSize(32).matches("[A-Za-z0-9+/]{32}");
        assertThat(c.toString()).doesNotContain(c.password());
        assertThat(IceCredentials.random(new SecureRandom()).ufrag()).isNotEqualTo(c.ufrag());
    }

    @Test
    void localUfragIsExtractedFromRawPackets() {
        byte[] req = valid(LOCAL, false);

        assertThat(LocalUfrag.of(req, 0, req.length)).isEqualTo(LOCAL.ufrag());
        assertThat(LocalUfrag.of(Rfc5769Vectors.REQUEST, 0, Rfc5769Vectors.REQUEST.length)).isEqualTo("evtj");
        assertThat(LocalUfrag.of(Rfc5769Vectors.IPV4_RESPONSE, 0, Rfc5769Vectors.IPV4_RESPONSE.length)).isNull();
        assertThat(LocalUfrag.of(new byte[] {(byte) 0x80, 0}, 0, 2)).isNull();
    }

    @Test
    void listenersMayCallBackIntoTheServer() {
        List<Boolean> seen = new ArrayList<>();
        IceLiteServer[] holder = new IceLiteServer[1];
        holder[0] = new IceLiteServer(LOCAL, new SecureRandom(), new IceListener() {
            @Override
            public void onTupleAdded(IceTuple tuple) {
                seen.add(holder[0].isValidTuple(tuple));
            }
        }, 30_000);
        byte[] req = valid(LOCAL, false);

        holder[0].handle(req, 0, req.length, A, 0);

        assertThat(seen).containsExactly(true);
    }

    private static final class RecordingListener implements IceListener {
        final List<String> log = new ArrayList<>();

        @Override
        public void onStateChanged(IceState state) {
            log.add("state " + state);
        }

        @Override
        public void onTupleSelected(IceTuple tuple) {
            log.add("selected " + tuple);
        }

        @Override
        public void onTupleAdded(IceTuple tuple) {
            log.add("added " + tuple);
        }

        @Override
        public void onTupleRemoved(IceTuple tuple) {
            log.add("removed " + tuple);
        }

        @Override
        public void onUfragRetired(String ufrag) {
            log.add("retired " + ufrag);
        }
    }
}
