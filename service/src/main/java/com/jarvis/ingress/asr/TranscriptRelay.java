package com.jarvis.ingress.asr;

import com.jarvis.ingress.asr.v1.AsrEvent;
import com.jarvis.ingress.scheduling.DaemonThreads;
import com.jarvis.ingress.session.SessionService;
import com.jarvis.ingress.session.Transcript;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the gateway's recognition events to {@link SessionService#recordTranscript} (interim and final alike; it
 * stores the finals and passes everything on to watchers) on its own thread, since that touches the database: the
 * gRPC callback thread only enqueues. The queue is bounded; what does not fit is dropped and counted.
 */
final class TranscriptRelay implements AutoCloseable {
    static final int QUEUE = 1000;
    private static final Logger log = LoggerFactory.getLogger(TranscriptRelay.class);

    private final SessionService sessions;
    private final AsrMetrics metrics;
    private final Clock clock;
    private final ThreadPoolExecutor executor;

    TranscriptRelay(SessionService sessions, AsrMetrics metrics, Clock clock) {
        this.sessions = sessions;
        this.metrics = metrics;
        this.clock = clock;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE),
                DaemonThreads.numbered("asr-transcripts"), new ThreadPoolExecutor.AbortPolicy());
    }

    /** Any thread; never blocks. */
    void submit(UUID sessionId, AsrEvent event) {
        metrics.eventReceived();
        Transcript t = new Transcript(event.getText(), event.getIsFinal(), event.getConfidence(), clock.instant());
        run(() -> {
            try {
                sessions.recordTranscript(sessionId, t);
            } catch (RuntimeException e) {
                log.warn("Could not record a transcript of session {}: {}", sessionId, e.getMessage());
            }
        });
    }

    /** Runs a small piece of database work on the relay's thread, or drops it (counted) when the queue is full. */
    boolean run(Runnable task) {
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            metrics.eventDropped();
            return false;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
