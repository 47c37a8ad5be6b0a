package com.jarvis.ingress.media.srtp;

/**
 * A small bounded SSRC -> context table. Linear search over a few entries beats a HashMap here and boxes nothing.
 */
final class SrtpStreamTable {
    private final SrtpStreamContext[] contexts;
    private int size;
    private SrtpStreamContext last;

    SrtpStreamTable(int capacity) {
        contexts = new SrtpStreamContext[capacity];
    }

    SrtpStreamContext find(int ssrc) {
        SrtpStreamContext l = last;
        if (l != null && l.ssrc == ssrc) {
            return l;
        }
        for (int i = 0; i < size; i++) {
            if (contexts[i].ssrc == ssrc) {
                last = contexts[i];
                return last;
            }
        }
        return null;
    }

    boolean isFull() {
        return size == contexts.length;
    }

    int size() {
        return size;
    }

    /** Adds a context; the caller checked {@link #isFull()}. */
    void add(SrtpStreamContext c) {
        contexts[size++] = c;
        last = c;
    }

    boolean remove(int ssrc) {
        for (int i = 0; i < size; i++) {
            if (contexts[i].ssrc == ssrc) {
                contexts[i] = contexts[--size];
                contexts[size] = null;
                last = null;
                return true;
            }
        }
        return false;
    }
}
