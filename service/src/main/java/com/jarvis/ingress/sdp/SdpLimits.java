package com.jarvis.ingress.sdp;

/**
 * Bounds on what the parser accepts, so that a hostile body costs little: the largest real offers (Chromium with
 * audio, video and simulcast) are about 10 KB, 250 lines, 5 m-sections and 120 attributes in a section.
 */
public final class SdpLimits {
    /** Characters of a whole document or fragment. */
    public static final int MAX_CHARS = 64 * 1024;
    /** Characters of one line. */
    public static final int MAX_LINE = 4096;
    /** Lines of a document. */
    public static final int MAX_LINES = 2048;
    /** m-sections of a document. */
    public static final int MAX_MEDIA = 16;
    /** Attributes of the session part or of one m-section. */
    public static final int MAX_ATTRIBUTES = 512;
    /** Formats (payload types) on one m-line. */
    public static final int MAX_FORMATS = 64;

    private SdpLimits() {
    }
}
