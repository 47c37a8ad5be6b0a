package com.jarvis.ingress.media.dtls;

/** Lifecycle of a {@link DtlsEndpoint}: new, connecting, then connected, failed or closed (terminal). */
public enum DtlsState {
    NEW,
    CONNECTING,
    CONNECTED,
    FAILED,
    CLOSED;

    public boolean isTerminal() {
        return this == FAILED || this == CLOSED;
    }
}
