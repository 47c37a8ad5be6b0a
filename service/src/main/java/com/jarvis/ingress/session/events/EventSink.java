package com.jarvis.ingress.session.events;

/**
 * Where one watcher's events are written: an SSE response or a gRPC stream. Only ever called by one thread at a
 * time (the subscription's writer), never by a publisher.
 */
public interface EventSink {
    /** False while the transport cannot take more without buffering (gRPC flow control); see {@link Subscription#wake()}. */
    boolean ready();

    void send(SessionEvent event) throws Exception;

    /** Keeps idle connections open through proxies (and finds dead ones). */
    void heartbeat() throws Exception;

    /** The session ended: the stream is over, normally. */
    void complete();

    /** The stream is cut for a reason of ours (shutdown, overload): the client should reconnect. */
    void abort(String reason);
}
