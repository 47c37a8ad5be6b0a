package com.jarvis.ingress.media.transport;

/** Per-transport port mode: no port of the configured range could be bound for a new transport. */
public final class PortsExhaustedException extends TransportLimitException {
    public PortsExhaustedException(String message) {
        super(message);
    }
}
