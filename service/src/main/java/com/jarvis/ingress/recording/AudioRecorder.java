package com.jarvis.ingress.recording;

import com.jarvis.ingress.media.audio.AudioFrame;
import com.jarvis.ingress.webrtc.SessionAudioListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The embedded default sink: writes each session's audio (RTP and data channel alike, 16 kHz mono) to
 * {@code DATA_DIR/audio/<sessionId>.wav}. The media threads only copy a frame and offer it to a bounded queue
 * (a full queue drops the frame and counts it); one writer thread owns every file: it drains the queue every
 * {@value #TICK_MILLIS} ms while a file is open (and sleeps until the next frame while none is), appends, flushes about every {@value #FLUSH_MILLIS} ms (keeping the header's sizes
 * current), closes a session's file when its audio ends, and keeps at most {@code AUDIO_MAX_OPEN_FILES} open (the
 * least recently written is closed first and reopened for append when more audio comes). Audio beyond
 * {@code AUDIO_MAX_DURATION} per session or {@code AUDIO_MAX_TOTAL_MB} in all is dropped and counted, so a hostile
 * device cannot fill the disk.
 */
public class AudioRecorder implements SessionAudioListener, SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(AudioRecorder.class);
    static final long FLUSH_MILLIS = 200;
    /** The writer's sleep between two drains of the queue. */
    static final long TICK_MILLIS = 10;
    static final long ERROR_LOG_MILLIS = 60_000;
    static final String DROP_QUEUE_FULL = "queue_full";
    static final String DROP_MAX_DURATION = "max_duration";
    static final String DROP_DISK_BUDGET = "disk_budget";
    static final String DROP_IO_ERROR = "io_error";

    /** A frame's samples, or the end of a session's audio ({@code pcm == null}). */
    private record Item(UUID sessionId, byte[] pcm) {
    }

    private final AudioFiles files;
    private final RecordingConfig config;
    private final BlockingQueue<Item> queue;
    /** Ends that found the queue full: handled once the queue has drained, i.e. after the frames before them. */
    private final Set<UUID> lateEnds = ConcurrentHashMap.newKeySet();
    /** Access-ordered: the eldest entry is the least recently written file. Writer thread only. */
    private final LinkedHashMap<UUID, WavWriter> open = new LinkedHashMap<>(64, 0.75f, true);
    private final AtomicInteger openCount = new AtomicInteger();
    /** Set while the writer sleeps with nothing open and nothing queued: then the next offer wakes it. */
    private volatile boolean idle;
    /** Passes of the writer's loop, for tests: an idle writer must not tick. */
    private final AtomicLong writerPasses = new AtomicLong();
    private final Counter droppedQueueFull;
    private final Counter droppedMaxDuration;
    private final Counter droppedDiskBudget;
    private final Counter droppedIoError;
    private final Counter bytesWritten;
    /** Queue length at which a producer wakes the writer before its tick. */
    private final int wakeAt;
    private volatile boolean running;
    private volatile Thread writer;
    private long lastErrorLog;

    AudioRecorder(AudioFiles files, RecordingConfig config, MeterRegistry meters) {
        this.files = files;
        this.config = config;
        this.queue = new ArrayBlockingQueue<>(config.queueFrames());
        this.wakeAt = Math.max(1, config.queueFrames() / 2);
        this.droppedQueueFull = dropCounter(meters, DROP_QUEUE_FULL);
        this.droppedMaxDuration = dropCounter(meters, DROP_MAX_DURATION);
        this.droppedDiskBudget = dropCounter(meters, DROP_DISK_BUDGET);
        this.droppedIoError = dropCounter(meters, DROP_IO_ERROR);
        this.bytesWritten = Counter.builder("ingress.audio.sink.bytes.written")
                .description("Bytes of audio the embedded sink wrote to WAV files").register(meters);
        Gauge.builder("ingress.audio.sink.files.open", openCount, AtomicInteger::get)
                .description("WAV files the embedded sink holds open").register(meters);
        Gauge.builder("ingress.audio.sink.queue.frames", queue, BlockingQueue::size)
                .description("Audio frames waiting for the embedded sink's writer thread").register(meters);
    }

    private static Counter dropCounter(MeterRegistry meters, String reason) {
        return Counter.builder("ingress.audio.sink.frames.dropped").tag("reason", reason)
                .description("Audio frames the embedded sink did not write").register(meters);
    }

    /** Media I/O thread: one copy into a fresh array, one non-blocking offer. */
    @Override
    public void onAudio(UUID sessionId, AudioFrame frame) {
        int n = frame.sampleCount();
        if (n == 0 || !running) {
            return;
        }
        byte[] le = new byte[n * 2];
        AudioFrame.toLittleEndian(frame.pcm(), 0, n, le, 0);
        if (!queue.offer(new Item(sessionId, le))) {
            droppedQueueFull.increment();
        } else if (idle || queue.size() >= wakeAt) {
            LockSupport.unpark(writer);
        }
    }

    @Override
    public void onAudioEnded(UUID sessionId) {
        if (!queue.offer(new Item(sessionId, null))) {
            lateEnds.add(sessionId);
            LockSupport.unpark(writer);
        } else if (idle) {
            LockSupport.unpark(writer);
        }
    }

    @Override
    public synchronized void start() {
        running = true;
        writer = new Thread(this::run, "audio-sink-writer");
        writer.setDaemon(true);
        writer.start();
        log.info("Embedded audio sink: writing each session's audio to {} (max {} per session)",
                files.dir().toAbsolutePath(), config.maxDuration());
    }

    /** Writes what is queued, closes every file (headers final), then stops the writer thread. */
    @Override
    public synchronized void stop() {
        if (writer == null) {
            return;
        }
        // No interrupt: it would close a FileChannel mid-write (ClosedByInterruptException); the writer sees
        // running == false after its tick (unpark cuts the sleep short).
        running = false;
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer = null;
    }

    /** Passes of the writer's loop so far (tests). */
    long writerPasses() {
        return writerPasses.get();
    }

    @Override
    public synchronized boolean isRunning() {
        return writer != null;
    }

    /**
     * The writer runs on a tick: it drains the queue, then sleeps {@value #TICK_MILLIS} ms. Waiting on the queue
     * instead made every offered frame wake it (at 500 sessions up to 25,000 wake-ups a second, each several µs of
     * CPU on the waking and the woken side); producers now wake it early only when the queue is half full. With no
     * file open and nothing queued it sleeps until the next frame instead: an idle service's writer ticking 100
     * times a second was more of its CPU than a Chromium client's DTLS handshake in a profile of connects.
     */
    private void run() {
        List<Item> batch = new ArrayList<>(256);
        long lastFlush = System.nanoTime();
        while (running) {
            while (queue.drainTo(batch, 256) > 0) {
                batch.forEach(this::handleSafely);
                batch.clear();
            }
            endLate(); // the queue was empty just now: every frame queued before a late end is written
            if (System.nanoTime() - lastFlush >= TimeUnit.MILLISECONDS.toNanos(FLUSH_MILLIS)) {
                flushAll();
                lastFlush = System.nanoTime();
            }
            writerPasses.incrementAndGet();
            if (open.isEmpty() && lateEnds.isEmpty()) {
                idle = true;
                // Re-checked after announcing it: a frame offered before it saw idle is seen here.
                if (queue.isEmpty() && running) {
                    LockSupport.park(this);
                }
                idle = false;
            } else {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));
            }
        }
        // Shutdown: whatever was queued still goes to disk, and every header is made final.
        for (Item item = queue.poll(); item != null; item = queue.poll()) {
            handleSafely(item);
        }
        endLate();
        for (UUID id : new ArrayList<>(open.keySet())) {
            close(id);
        }
    }

    /** A bug must not end the writer thread (the queue would then only fill and drop): counted and logged. */
    private void handleSafely(Item item) {
        try {
            handle(item);
        } catch (RuntimeException e) {
            droppedIoError.increment();
            logError("Could not handle audio of session " + item.sessionId(), e);
        }
    }

    private void handle(Item item) {
        if (item.pcm() == null) {
            close(item.sessionId());
            return;
        }
        if (files.usedBytes() + item.pcm().length > config.maxTotalBytes()) {
            droppedDiskBudget.increment();
            return;
        }
        WavWriter w = writerOf(item.sessionId());
        if (w == null) {
            droppedIoError.increment();
            return;
        }
        if (w.full()) {
            droppedMaxDuration.increment();
            return;
        }
        try {
            int taken = w.append(item.pcm(), item.pcm().length);
            files.added(taken);
            bytesWritten.increment(taken);
            if (taken < item.pcm().length) {
                droppedMaxDuration.increment();
            }
        } catch (IOException e) {
            droppedIoError.increment();
            logError("Could not write audio of session " + item.sessionId(), e);
            close(item.sessionId());
        }
    }

    private WavWriter writerOf(UUID sessionId) {
        WavWriter w = open.get(sessionId);
        if (w != null) {
            return w;
        }
        if (open.size() >= config.maxOpenFiles()) {
            Iterator<UUID> eldest = open.keySet().iterator();
            close(eldest.next());
        }
        try {
            files.createDirectory(); // cheap when it exists; brings back a directory deleted under us
            w = WavWriter.open(files.fileOf(sessionId), config.maxDataBytes());
        } catch (IOException e) {
            logError("Could not open the audio file of session " + sessionId, e);
            return null;
        }
        open.put(sessionId, w);
        openCount.set(open.size());
        return w;
    }

    private void close(UUID sessionId) {
        WavWriter w = open.remove(sessionId);
        openCount.set(open.size());
        if (w != null) {
            try {
                w.close();
            } catch (IOException e) {
                logError("Could not finish the audio file of session " + sessionId, e);
            }
        }
    }

    private void endLate() {
        if (lateEnds.isEmpty()) {
            return;
        }
        for (Iterator<UUID> it = lateEnds.iterator(); it.hasNext(); ) {
            close(it.next());
            it.remove();
        }
    }

    private void flushAll() {
        for (Map.Entry<UUID, WavWriter> e : new ArrayList<>(open.entrySet())) {
            try {
                e.getValue().flush();
            } catch (IOException ex) {
                logError("Could not write audio of session " + e.getKey(), ex);
                close(e.getKey());
            }
        }
    }

    /** A failing disk fails every write: one line a minute says so, the drop counter says how much. */
    private void logError(String what, Exception e) {
        long now = System.currentTimeMillis();
        if (now - lastErrorLog >= ERROR_LOG_MILLIS) {
            lastErrorLog = now;
            log.warn("{}: {} (further audio sink errors this minute are only counted)", what, e.toString());
        }
    }
}
