package com.jarvis.ingress.media.ice;

import static com.jarvis.ingress.media.ice.StunConstants.*;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;

/**
 * The ICE-lite responder of one transport (RFC 8445 lite side, RFC 7675 consent). It never sends checks: it
 * answers Binding requests, learns the tuples that authenticated, tracks the nominated one and expires tuples
 * whose consent lapsed. Time is always passed in, so behaviour is deterministic. Thread-safe (a UDP and a TCP
 * I/O thread may both feed it); listener calls happen after its lock is released.
 */
public final class IceLiteServer {
    public static final int MAX_TUPLES = 8;
    public static final long DEFAULT_CONSENT_TIMEOUT_MILLIS = 30_000;
    public static final long MIN_CONSENT_TIMEOUT_MILLIS = 10_000;
    public static final long MAX_CONSENT_TIMEOUT_MILLIS = 60_000;

    private static final byte[] NO_RESPONSE = null;
    private static final Consumer<byte[]> NO_SINK = response -> { };

    private final Object lock = new Object();
    private final SecureRandom random;
    private final IceListener listener;
    private final long consentTimeoutMillis;
    private final AtomicLongArray drops = new AtomicLongArray(IceDropReason.values().length);
    private final AtomicLong successes = new AtomicLong();

    // Guarded by lock.
    private LocalCredential current;
    private LocalCredential previous;
    private final List<TupleEntry> tuples = new ArrayList<>(MAX_TUPLES);
    private IceTuple selected;
    private IceState state = IceState.NEW;
    private final List<Runnable> pendingEvents = new ArrayList<>();

    /** Credentials with their ufrag bytes and keyed HMAC, prepared once. */
    private static final class LocalCredential {
        final IceCredentials credentials;
        final byte[] ufrag;
        final StunIntegrity key;

        LocalCredential(IceCredentials credentials) {
            this.credentials = credentials;
            this.ufrag = credentials.ufrag().getBytes(StandardCharsets.UTF_8);
            this.key = new StunIntegrity(credentials.password());
        }
    }

    private static final class TupleEntry {
        final IceTuple tuple;
        long lastCheckMillis;

        TupleEntry(IceTuple tuple, long lastCheckMillis) {
            this.tuple = tuple;
            this.lastCheckMillis = lastCheckMillis;
        }
    }

    /** A server with random credentials and the default 30 s consent timeout. */
    public IceLiteServer(SecureRandom random, IceListener listener) {
        this(random, listener, DEFAULT_CONSENT_TIMEOUT_MILLIS);
    }

    /** A server with random credentials; {@code consentTimeoutMillis} must be within 10-60 s. */
    public IceLiteServer(SecureRandom random, IceListener listener, long consentTimeoutMillis) {
        this(IceCredentials.random(random), random, listener, consentTimeoutMillis);
    }

    /** A server with the given initial credentials (for tests and benchmarks). */
    public IceLiteServer(IceCredentials credentials, SecureRandom random, IceListener listener,
            long consentTimeoutMillis) {
        if (consentTimeoutMillis < MIN_CONSENT_TIMEOUT_MILLIS || consentTimeoutMillis > MAX_CONSENT_TIMEOUT_MILLIS) {
            throw new IllegalArgumentException("consent timeout must be 10-60 s: " + consentTimeoutMillis);
        }
        this.random = Objects.requireNonNull(random, "random");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.consentTimeoutMillis = consentTimeoutMillis;
        this.current = new LocalCredential(Objects.requireNonNull(credentials, "credentials"));
    }

    /**
     * Handles one STUN packet from {@code from}. Returns the response to send back to that tuple, or
     * {@code null} when the packet is dropped silently.
     */
    public byte[] handle(byte[] buf, int off, int len, IceTuple from, long nowMillis) {
        return handle(buf, off, len, from, nowMillis, NO_SINK);
    }

    /**
     * As {@link #handle(byte[], int, int, IceTuple, long)}, but hands the response (if any) to {@code respond}
     * before the listener's events for this packet run (tuple added, selected, state changed), as mediasoup's
     * IceServer sends its response before handling the tuple: the first success starts DTLS from the CONNECTED
     * event, and the peer should not wait for that work to get its answer. Also returns the response.
     */
    public byte[] handle(byte[] buf, int off, int len, IceTuple from, long nowMillis, Consumer<byte[]> respond) {
        Objects.requireNonNull(respond, "respond");
        StunMessage msg = StunMessage.parse(buf, off, len);
        if (msg == null) {
            drop(IceDropReason.MALFORMED);
            return NO_RESPONSE;
        }
        return handle(msg, from, nowMillis, respond);
    }

    /** As {@link #handle(byte[], int, int, IceTuple, long)} for an already parsed message. */
    public byte[] handle(StunMessage msg, IceTuple from, long nowMillis) {
        return handle(msg, from, nowMillis, NO_SINK);
    }

    private byte[] handle(StunMessage msg, IceTuple from, long nowMillis, Consumer<byte[]> respond) {
        byte[] response = answer(msg, from, nowMillis);
        if (response != null) {
            respond.accept(response);
        }
        fireEvents();
        return response;
    }

    /** Validates and answers one message; its listener events are left queued for {@link #fireEvents()}. */
    private byte[] answer(StunMessage msg, IceTuple from, long nowMillis) {
        Objects.requireNonNull(from, "from");
        if (msg.stunClass() != StunClass.REQUEST) {
            drop(IceDropReason.NOT_A_REQUEST);
            return NO_RESPONSE;
        }
        if (msg.hasFingerprint() && !msg.verifyFingerprint()) {
            drop(IceDropReason.BAD_FINGERPRINT);
            return NO_RESPONSE;
        }
        if (msg.method() != METHOD_BINDING) {
            return reject(msg, IceDropReason.NOT_BINDING, ERROR_BAD_REQUEST, null);
        }
        if (!msg.hasFingerprint()) {
            return reject(msg, IceDropReason.NO_FINGERPRINT, ERROR_BAD_REQUEST, null);
        }
        if (!msg.hasPriority()) {
            return reject(msg, IceDropReason.NO_PRIORITY, ERROR_BAD_REQUEST, null);
        }
        if (!msg.hasUsername() || !msg.hasMessageIntegrity()) {
            return reject(msg, IceDropReason.NO_CREDENTIALS, ERROR_BAD_REQUEST, null);
        }
        synchronized (lock) {
            return handleAuthenticated(msg, from, nowMillis);
        }
    }

    private byte[] handleAuthenticated(StunMessage msg, IceTuple from, long nowMillis) {
        LocalCredential matched = authenticate(msg);
        if (matched == null) {
            return reject(msg, IceDropReason.UNAUTHORIZED, ERROR_UNAUTHORIZED, null);
        }
        if (msg.hasIceControlled()) {
            return reject(msg, IceDropReason.ROLE_CONFLICT, ERROR_ROLE_CONFLICT, matched.key);
        }
        if (matched == current && previous != null) {
            // The peer uses the restarted credentials now, so the old ones stop working.
            String retired = previous.credentials.ufrag();
            previous = null;
            pendingEvents.add(() -> listener.onUfragRetired(retired));
        }
        acceptCheck(from, msg.hasUseCandidate(), nowMillis);
        successes.incrementAndGet();
        return StunMessageBuilder.responseTo(msg, StunClass.SUCCESS_RESPONSE)
                .xorMappedAddress(from.remote())
                .messageIntegrity(matched.key)
                .fingerprint()
                .build();
    }

    private LocalCredential authenticate(StunMessage msg) {
        if (msg.usernameHasLocalUfrag(current.ufrag) && msg.verifyIntegrity(current.key)) {
            return current;
        }
        if (previous != null && msg.usernameHasLocalUfrag(previous.ufrag) && msg.verifyIntegrity(previous.key)) {
            return previous;
        }
        return null;
    }

    /** State machine of a valid check (mediasoup's IceServer semantics). */
    private void acceptCheck(IceTuple from, boolean useCandidate, long nowMillis) {
        TupleEntry entry = find(from);
        if (entry == null) {
            if (tuples.size() >= MAX_TUPLES) {
                evictOldestUnselected();
            }
            entry = new TupleEntry(from, nowMillis);
            tuples.add(entry);
            pendingEvents.add(() -> listener.onTupleAdded(from));
        }
        entry.lastCheckMillis = nowMillis;
        switch (state) {
            case NEW, DISCONNECTED -> {
                select(from);
                setState(useCandidate ? IceState.COMPLETED : IceState.CONNECTED);
            }
            case CONNECTED -> {
                if (useCandidate) {
                    select(from);
                    setState(IceState.COMPLETED);
                }
            }
            case COMPLETED -> {
                if (useCandidate) {
                    select(from);
                }
            }
        }
    }

    private void evictOldestUnselected() {
        for (int i = 0; i < tuples.size(); i++) {
            IceTuple t = tuples.get(i).tuple;
            if (!t.equals(selected)) {
                tuples.remove(i);
                pendingEvents.add(() -> listener.onTupleRemoved(t));
                return;
            }
        }
    }

    /**
     * Expires tuples without a valid check for the consent timeout (RFC 7675). When none remains the state
     * becomes {@link IceState#DISCONNECTED}.
     */
    public void tick(long nowMillis) {
        synchronized (lock) {
            for (int i = tuples.size() - 1; i >= 0; i--) {
                if (nowMillis - tuples.get(i).lastCheckMillis >= consentTimeoutMillis) {
                    removeAt(i);
                }
            }
            afterRemoval();
        }
        fireEvents();
    }

    /** Forgets a tuple, e.g. because its TCP connection closed. */
    public void removeTuple(IceTuple tuple) {
        synchronized (lock) {
            for (int i = 0; i < tuples.size(); i++) {
                if (tuples.get(i).tuple.equals(tuple)) {
                    removeAt(i);
                    break;
                }
            }
            afterRemoval();
        }
        fireEvents();
    }

    private void removeAt(int i) {
        IceTuple t = tuples.remove(i).tuple;
        pendingEvents.add(() -> listener.onTupleRemoved(t));
    }

    /** If the selected tuple went, select the most recently checked remaining one, or disconnect. */
    private void afterRemoval() {
        if (selected == null || find(selected) != null) {
            return;
        }
        TupleEntry freshest = null;
        for (TupleEntry e : tuples) {
            if (freshest == null || e.lastCheckMillis > freshest.lastCheckMillis) {
                freshest = e;
            }
        }
        if (freshest != null) {
            select(freshest.tuple);
        } else {
            select(null);
            setState(IceState.DISCONNECTED);
        }
    }

    /**
     * ICE restart: new local credentials. The previous ones keep working until a valid check with the new
     * ones arrives. Returns the new credentials for signalling.
     */
    public IceCredentials restart() {
        IceCredentials fresh = IceCredentials.random(random);
        synchronized (lock) {
            if (previous != null) {
                String retired = previous.credentials.ufrag();
                pendingEvents.add(() -> listener.onUfragRetired(retired));
            }
            previous = current;
            current = new LocalCredential(fresh);
        }
        fireEvents();
        return fresh;
    }

    /** Whether media from this tuple may be accepted (it passed an authenticated check and has consent). */
    public boolean isValidTuple(IceTuple tuple) {
        synchronized (lock) {
            return find(tuple) != null;
        }
    }

    /** Whether a STUN request with this local ufrag belongs here (current, or previous during a restart). */
    public boolean acceptsUfrag(String ufrag) {
        synchronized (lock) {
            return current.credentials.ufrag().equals(ufrag)
                    || (previous != null && previous.credentials.ufrag().equals(ufrag));
        }
    }

    public IceCredentials credentials() {
        synchronized (lock) {
            return current.credentials;
        }
    }

    public IceState state() {
        synchronized (lock) {
            return state;
        }
    }

    /** The tuple to send to, or {@code null}. */
    public IceTuple selectedTuple() {
        synchronized (lock) {
            return selected;
        }
    }

    /** The current tuples, oldest first. */
    public List<IceTuple> tuples() {
        synchronized (lock) {
            List<IceTuple> out = new ArrayList<>(tuples.size());
            for (TupleEntry e : tuples) {
                out.add(e.tuple);
            }
            return out;
        }
    }

    public long consentTimeoutMillis() {
        return consentTimeoutMillis;
    }

    /** How many packets were dropped or rejected for this reason. */
    public long drops(IceDropReason reason) {
        return drops.get(reason.ordinal());
    }

    /** How many Binding success responses were produced. */
    public long successes() {
        return successes.get();
    }

    private byte[] reject(StunMessage msg, IceDropReason reason, int code, StunIntegrity key) {
        drop(reason);
        StunMessageBuilder b = StunMessageBuilder.responseTo(msg, StunClass.ERROR_RESPONSE)
                .errorCode(code, reasonPhrase(code));
        // Only a response to an authenticated request can be signed; the others cannot be (RFC 8489 10.1.2).
        if (key != null) {
            b.messageIntegrity(key);
        }
        return b.fingerprint().build();
    }

    private static String reasonPhrase(int code) {
        return switch (code) {
            case ERROR_BAD_REQUEST -> "Bad Request";
            case ERROR_UNAUTHORIZED -> "Unauthorized";
            case ERROR_ROLE_CONFLICT -> "Role Conflict";
            default -> "Error";
        };
    }

    private void drop(IceDropReason reason) {
        drops.incrementAndGet(reason.ordinal());
    }

    private TupleEntry find(IceTuple tuple) {
        for (int i = 0; i < tuples.size(); i++) {
            TupleEntry e = tuples.get(i);
            if (e.tuple.equals(tuple)) {
                return e;
            }
        }
        return null;
    }

    private void select(IceTuple tuple) {
        if (Objects.equals(selected, tuple)) {
            return;
        }
        selected = tuple;
        pendingEvents.add(() -> listener.onTupleSelected(tuple));
    }

    private void setState(IceState next) {
        if (state == next) {
            return;
        }
        state = next;
        pendingEvents.add(() -> listener.onStateChanged(next));
    }

    /** Runs queued listener calls outside the lock, so listeners can call back in without deadlock. */
    private void fireEvents() {
        Runnable[] events;
        synchronized (lock) {
            if (pendingEvents.isEmpty()) {
                return;
            }
            events = pendingEvents.toArray(new Runnable[0]);
            pendingEvents.clear();
        }
        for (Runnable e : events) {
            e.run();
        }
    }
}
