package com.jarvis.ingress.media.transport;

/**
 * Receives the messages of one {@link DataProducer}. Called on the I/O (or SCTP timer) thread while the
 * transport's SCTP association is locked: return quickly, never block, and never call back into the transport
 * or the data producer from here.
 */
public interface DataMessageListener {
    /**
     * One complete message. {@code ppid} is 51 (string) or 53 (binary), or 56/57 for empty ones (then
     * {@code data} is empty); {@code data} is the listener's to keep.
     */
    void onMessage(int streamId, int ppid, byte[] data);

    /** The channel closed (either side reset its stream, or the transport closed). No more messages follow. */
    default void onClosed(DataProducer producer) {
    }

    /** True for PPID 53/57 (binary), false for 51/56 (string). */
    static boolean isBinary(int ppid) {
        return ppid == 53 || ppid == 57;
    }
}
