package com.jarvis.ingress.media.audio;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * JNA direct-mapped binding to the system's libopus (Debian {@code libopus0}: {@code libopus.so.0}), only the
 * decoder calls. Loaded once, on first use; {@link #available()} says whether that worked and
 * {@link #unavailableReason()} why not. Calls are direct (JNI {@code RegisterNatives}): no per-call reflection
 * and no Java allocation with {@link Pointer} arguments.
 */
final class LibOpus {
    /** {@code OPUS_OK}. */
    static final int OK = 0;

    private static final String VERSION;
    private static final String UNAVAILABLE;

    static {
        String version = null;
        String reason = null;
        try {
            Native.register(LibOpus.class, load());
            version = opus_get_version_string();
        } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError of JNA's own native part, ...
            reason = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        VERSION = version;
        UNAVAILABLE = reason;
    }

    private LibOpus() {
    }

    private static NativeLibrary load() {
        // The runtime package ships only the versioned name (libopus.so.0); "opus" finds libopus.so (-dev) or
        // the library of other systems.
        if (Platform.isLinux()) {
            try {
                return NativeLibrary.getInstance("libopus.so.0");
            } catch (UnsatisfiedLinkError e) {
                // fall through
            }
        }
        return NativeLibrary.getInstance("opus");
    }

    static boolean available() {
        return VERSION != null;
    }

    /** {@code opus_get_version_string()}, e.g. "libopus 1.3.1", or null when not loaded. */
    static String version() {
        return VERSION;
    }

    static String unavailableReason() {
        return UNAVAILABLE;
    }

    static native Pointer opus_decoder_create(int sampleRate, int channels, int[] error);

    static native int opus_decoder_init(Pointer state, int sampleRate, int channels);

    static native int opus_decode(Pointer state, Pointer data, int len, Pointer pcm, int frameSize, int decodeFec);

    static native void opus_decoder_destroy(Pointer state);

    static native String opus_get_version_string();
}
