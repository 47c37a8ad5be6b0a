package com.jarvis.ingress.asr;

/** ASR_AUDIO_ENCODING: what RTP audio is forwarded as. Data-channel audio is always PCM. */
public enum AsrEncoding {
    /** Decoded 16 kHz mono 16-bit little-endian PCM. */
    PCM,
    /** The RTP Opus payloads undecoded, length-prefixed (see {@link OpusFrameWriter}). */
    OPUS
}
