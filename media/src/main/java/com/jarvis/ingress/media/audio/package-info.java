/**
 * Audio for ASR: Opus decode to 16 kHz mono 16-bit over the system's libopus (JNA) or Concentus
 * ({@link com.jarvis.ingress.media.audio.OpusDecoders}), PCM resampling, the decode pool that takes decoding off
 * the I/O threads ({@link com.jarvis.ingress.media.audio.DecodePool}), plus a tone analyser used by tests and
 * end-to-end checks. Session-agnostic: frames go to an {@link com.jarvis.ingress.media.audio.AudioSink}.
 */
package com.jarvis.ingress.media.audio;
