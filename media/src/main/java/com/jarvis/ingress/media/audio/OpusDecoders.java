package com.jarvis.ingress.media.audio;

import java.util.Objects;

/**
 * Makes {@link OpusAudioDecoder}s of one implementation, chosen once (at start-up) from an
 * {@link OpusImplementation}: {@code AUTO} takes libopus when it loads and Concentus otherwise.
 */
public final class OpusDecoders {
    private final OpusImplementation implementation;

    private OpusDecoders(OpusImplementation implementation) {
        this.implementation = implementation;
    }

    /**
     * Resolves {@code requested} to {@link OpusImplementation#NATIVE} or {@link OpusImplementation#JAVA}.
     *
     * @throws IllegalStateException when {@code NATIVE} is requested and libopus cannot be loaded
     */
    public static OpusDecoders select(OpusImplementation requested) {
        Objects.requireNonNull(requested, "requested");
        return switch (requested) {
            case JAVA -> new OpusDecoders(OpusImplementation.JAVA);
            case NATIVE -> {
                if (!nativeAvailable()) {
                    throw new IllegalStateException("OPUS_DECODER=native but libopus could not be loaded ("
                            + nativeUnavailableReason() + "); install libopus0 or use auto/java");
                }
                yield new OpusDecoders(OpusImplementation.NATIVE);
            }
            case AUTO -> new OpusDecoders(nativeAvailable() ? OpusImplementation.NATIVE : OpusImplementation.JAVA);
        };
    }

    /** Concentus: what {@code new OpusAudioDecoder()} uses. */
    public static OpusDecoders java() {
        return new OpusDecoders(OpusImplementation.JAVA);
    }

    /** True when the system's libopus loaded. */
    public static boolean nativeAvailable() {
        return LibOpus.available();
    }

    /** Why libopus did not load, or null when it did. */
    public static String nativeUnavailableReason() {
        return LibOpus.unavailableReason();
    }

    /** {@code NATIVE} or {@code JAVA}. */
    public OpusImplementation implementation() {
        return implementation;
    }

    /** For the start-up log, e.g. "native (libopus 1.3.1)" or "java (Concentus)". */
    public String description() {
        return implementation == OpusImplementation.NATIVE
                ? "native (" + LibOpus.version() + ")"
                : "java (Concentus)";
    }

    /** A new decoder for one stream; close it when the stream ends (it may hold native memory). */
    public OpusAudioDecoder create() {
        return new OpusAudioDecoder(implementation == OpusImplementation.NATIVE ? new LibOpusCodec() : new ConcentusOpusCodec());
    }
}
