package com.jarvis.ingress.sdp;

/**
 * An SDP document or fragment the service refuses. {@link Problem#MALFORMED}: not SDP by RFC 8866's grammar, or past
 * a size bound ({@link SdpLimits}); {@link Problem#UNACCEPTABLE}: well-formed, but an offer this service cannot
 * answer (no Opus audio, no BUNDLE, no fingerprint...). The message says what, for a person reading the client's log.
 */
public final class SdpException extends RuntimeException {
    /** Why the input was refused. */
    public enum Problem {
        MALFORMED,
        UNACCEPTABLE
    }

    private final Problem problem;

    public SdpException(Problem problem, String message) {
        super(message, null, false, false);
        this.problem = problem;
    }

    static SdpException malformed(String message) {
        return new SdpException(Problem.MALFORMED, message);
    }

    static SdpException unacceptable(String message) {
        return new SdpException(Problem.UNACCEPTABLE, message);
    }

    public Problem problem() {
        return problem;
    }
}
