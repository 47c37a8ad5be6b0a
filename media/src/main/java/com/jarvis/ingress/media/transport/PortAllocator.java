package com.jarvis.ingress.media.transport;

import java.util.BitSet;

/**
 * The ports of a range that per-transport sockets may take, handed out round-robin so a just-freed port rests
 * before reuse. Thread-safe.
 */
final class PortAllocator {
    private final int min;
    private final int size;
    private final BitSet used;
    private int next;

    PortAllocator(int min, int max) {
        this.min = min;
        this.size = max - min + 1;
        this.used = new BitSet(size);
    }

    int rangeSize() {
        return size;
    }

    /** Marks and returns the next free port not in {@code skip} (offsets from min), or -1 when none is left. */
    synchronized int reserve(BitSet skip) {
        for (int i = 0; i < size; i++) {
            int offset = (next + i) % size;
            if (!used.get(offset) && !skip.get(offset)) {
                used.set(offset);
                next = (offset + 1) % size;
                return min + offset;
            }
        }
        return -1;
    }

    synchronized void release(int port) {
        used.clear(port - min);
    }

    synchronized int inUse() {
        return used.cardinality();
    }

    int offset(int port) {
        return port - min;
    }
}
