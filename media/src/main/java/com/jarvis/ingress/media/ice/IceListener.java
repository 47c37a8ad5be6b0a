package com.jarvis.ingress.media.ice;

/**
 * Events of an {@link IceLiteServer}. Called on the thread that caused them, after the server's lock is
 * released; implementations must not block.
 */
public interface IceListener {
    default void onStateChanged(IceState state) {
    }

    /** The tuple media and DTLS should now be sent to ({@code null} when none remains). */
    default void onTupleSelected(IceTuple tuple) {
    }

    /** A tuple passed an authenticated check and may now carry media. */
    default void onTupleAdded(IceTuple tuple) {
    }

    /** A tuple was evicted, expired or removed; drop any lookup entry for it. */
    default void onTupleRemoved(IceTuple tuple) {
    }

    /** After an ICE restart, the old ufrag stopped being accepted; drop any lookup entry for it. */
    default void onUfragRetired(String ufrag) {
    }
}
