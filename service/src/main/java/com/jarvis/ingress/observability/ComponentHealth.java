package com.jarvis.ingress.observability;

/**
 * One dependency shown under {@code components} of {@code GET /health}. Any bean of this type is picked up (the
 * ASR gateway adds one as {@code asrGateway}). A {@link #required()} component that is down makes the service
 * unavailable (503); any other one only degrades it.
 */
public interface ComponentHealth {
    /** {@code degraded}: working but impaired (it degrades the service's status, never makes it unavailable). */
    enum Status { up, degraded, down, disabled }

    /** The key under {@code components}. */
    String name();

    boolean required();

    /** A quick real check; must not throw and should return within about a second. */
    Status check();
}
