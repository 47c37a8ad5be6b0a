package com.jarvis.ingress.media.sctp;

/**
 * How one outgoing message is delivered: ordered or not, and partial reliability (RFC 3758): give up after
 * {@code maxRetransmits} retransmissions or {@code lifetimeMillis} after it was queued; -1 means no limit.
 */
public record SendOptions(boolean ordered, int maxRetransmits, long lifetimeMillis) {
    public static final SendOptions RELIABLE_ORDERED = new SendOptions(true, -1, -1);
    public static final SendOptions RELIABLE_UNORDERED = new SendOptions(false, -1, -1);

    public boolean partiallyReliable() {
        return maxRetransmits >= 0 || lifetimeMillis >= 0;
    }
}
