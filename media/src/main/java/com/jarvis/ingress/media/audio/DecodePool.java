package com.jarvis.ingress.media.audio;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Decodes audio off the I/O threads: a fixed set of threads ({@code opus-decode-N}) shared by every stream, and per
 * stream a {@link Lane}, a bounded queue of packet copies decoded strictly in order by one thread at a time. The I/O
 * thread only copies the payload into a slot of the lane ({@link Lane#offer}); a full lane refuses the packet (the
 * caller counts the drop), so a slow decode never delays packet reading and a stuck stream holds at most its own
 * lane. Lanes ready to run wait in one FIFO; a thread decodes at most {@link #BATCH} packets of a lane before it
 * goes to the back of the line, so one busy stream cannot starve the others.
 *
 * <p>Nothing is allocated per packet: slots are byte arrays reused for the life of the lane (grown only for a
 * longer payload than any before; all slots of a lane together at most {@link #MAX_LANE_BYTES}), and the ready FIFO is
 * intrusive (a link field of the lane). Locks: the pool's {@code ready} monitor and a lane's monitor are held only
 * for a few field updates (and the payload copy); a lane's {@code decoding} lock is held by the decode thread for
 * one packet (decode + sink) and by {@link Lane#close}, which therefore returns only once no frame of the lane is
 * being delivered, and none will be.
 */
public final class DecodePool implements AutoCloseable {
    /** Packets of one lane decoded before the thread moves on to the next ready lane. */
    static final int BATCH = 8;
    private static final int INITIAL_SLOT_BYTES = 256;
    /**
     * Heap one lane may hold in packet slots: 50 slots of a browser's ≤ 320-byte packets fit; a client sending
     * oversized payloads cannot make its lane hold more (its packets are refused instead).
     */
    static final int MAX_LANE_BYTES = 32 * 1024;

    private final Thread[] threads;
    private final Object ready = new Object();
    private final AtomicLong failures = new AtomicLong();
    // Guarded by ready.
    private Lane head;
    private Lane tail;
    private int readyLanes;
    private boolean closed;

    /** Starts {@code threads} daemon threads named {@code opus-decode-N}. */
    public DecodePool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive");
        }
        this.threads = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::work, "opus-decode-" + i);
            t.setDaemon(true);
            this.threads[i] = t;
            t.start();
        }
    }

    /** A new lane of at most {@code capacity} queued packets decoded by {@code stream}. */
    public Lane open(OpusStreamDecoder stream, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        return new Lane(stream, capacity);
    }

    public int threads() {
        return threads.length;
    }

    /**
     * Lanes with packets waiting for a decode thread: 0 or a few when decoding keeps up; a number that stays high
     * means the threads are short of CPU (and lanes will soon refuse packets as {@code decode_queue_full}).
     */
    public int readyLanes() {
        synchronized (ready) {
            return readyLanes;
        }
    }

    /** Packets whose decoding threw (a bug, not bad input: decoders return errors for that). */
    public long failures() {
        return failures.get();
    }

    /** Stops the threads; lanes still open stop being served. Idempotent. */
    @Override
    public void close() {
        synchronized (ready) {
            if (closed) {
                return;
            }
            closed = true;
            head = null;
            tail = null;
            readyLanes = 0;
            ready.notifyAll();
        }
        for (Thread t : threads) {
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void enqueue(Lane lane) {
        synchronized (ready) {
            if (closed) {
                return;
            }
            if (tail == null) {
                head = lane;
            } else {
                tail.next = lane;
            }
            tail = lane;
            readyLanes++;
            ready.notify();
        }
    }

    private Lane take() throws InterruptedException {
        synchronized (ready) {
            while (head == null && !closed) {
                ready.wait();
            }
            if (closed) {
                return null;
            }
            Lane lane = head;
            head = lane.next;
            if (head == null) {
                tail = null;
            }
            readyLanes--;
            lane.next = null;
            return lane;
        }
    }

    private void work() {
        try {
            Lane lane;
            while ((lane = take()) != null) {
                lane.drain();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One stream's queue. {@link #offer} is called by one thread at a time (the I/O thread, under the transport's
     * media lock); decoding happens on the pool's threads, one at a time, in offer order.
     */
    public final class Lane implements AutoCloseable {
        private final OpusStreamDecoder stream;
        private final Object decoding = new Object();
        private final byte[][] data;
        private final int[] length;
        private final long[] timestamp;
        private final int[] seq;
        private final int[] lost;
        private final boolean[] restart;
        /** Link of the pool's ready FIFO; guarded by {@code ready}. */
        private Lane next;
        // Guarded by this.
        private int first;
        private int count;
        private int slotBytes;
        private boolean scheduled;
        private boolean closed;

        private Lane(OpusStreamDecoder stream, int capacity) {
            this.stream = stream;
            this.data = new byte[capacity][];
            this.length = new int[capacity];
            this.timestamp = new long[capacity];
            this.seq = new int[capacity];
            this.lost = new int[capacity];
            this.restart = new boolean[capacity];
        }

        /**
         * Queues a copy of {@code packet[off, off + len)} for decoding ({@code lost}, {@code restart}: see
         * {@link OpusStreamDecoder#onPacket}). Never blocks. The packet being decoded keeps its slot until its
         * frames are delivered, so at most {@code capacity - 1} packets wait behind it.
         *
         * @return false when the lane is full or closed (the packet is not queued), or the packet is too long
         *     (longer than {@link OpusAudioDecoder#MAX_PACKET_BYTES}, or than the lane's slot memory allows)
         */
        public boolean offer(byte[] packet, int off, int len, long rtpTimestamp, int sequenceNumber, int lostBefore,
                boolean restarted) {
            if (len > OpusAudioDecoder.MAX_PACKET_BYTES) {
                return false;
            }
            boolean schedule;
            synchronized (this) {
                if (closed || count == data.length) {
                    return false;
                }
                int slot = (first + count) % data.length;
                byte[] buf = data[slot];
                if (buf == null || buf.length < len) {
                    int size = Math.max(len, INITIAL_SLOT_BYTES);
                    int total = slotBytes - (buf == null ? 0 : buf.length) + size;
                    if (total > MAX_LANE_BYTES) {
                        return false;
                    }
                    slotBytes = total;
                    buf = new byte[size];
                    data[slot] = buf;
                }
                System.arraycopy(packet, off, buf, 0, len);
                length[slot] = len;
                timestamp[slot] = rtpTimestamp;
                seq[slot] = sequenceNumber;
                lost[slot] = lostBefore;
                restart[slot] = restarted;
                count++;
                schedule = !scheduled;
                scheduled = true;
            }
            if (schedule) {
                enqueue(this);
            }
            return true;
        }

        /** Packets waiting (for tests and diagnostics). */
        public synchronized int queued() {
            return count;
        }

        /**
         * Stops the lane: queued packets are discarded, a packet being decoded finishes first (this waits for it),
         * then the stream's decoder is closed. After this returns no frame of the lane reaches the sink.
         * Idempotent.
         */
        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true; // no packet starts decoding from now on
                count = 0;
            }
            synchronized (decoding) { // waits for the packet in delivery, if any
                stream.close();
            }
        }

        /** Pool thread: decodes up to {@link #BATCH} packets, then requeues the lane if more are waiting. */
        private void drain() {
            for (int done = 0; done < BATCH; done++) {
                int slot;
                synchronized (this) {
                    if (count == 0 || closed) {
                        scheduled = false;
                        return;
                    }
                    slot = first;
                }
                decodeSlot(slot);
                synchronized (this) {
                    if (!closed) {
                        first = (first + 1) % data.length;
                        count--;
                    }
                }
            }
            synchronized (this) {
                if (count == 0 || closed) {
                    scheduled = false;
                    return;
                }
            }
            enqueue(this); // still scheduled: to the back of the line
        }

        private void decodeSlot(int slot) {
            synchronized (decoding) {
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                }
                try {
                    stream.onPacket(data[slot], 0, length[slot], timestamp[slot], seq[slot], lost[slot], restart[slot]);
                } catch (RuntimeException e) {
                    failures.incrementAndGet(); // a sink's bug must not stop the pool
                }
            }
        }
    }
}
