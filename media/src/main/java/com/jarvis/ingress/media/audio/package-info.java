/**
 * Audio for ASR: Opus decode (Concentus) and PCM resampling, both to 16 kHz mono 16-bit, plus a tone analyser
 * used by tests and end-to-end checks. Session-agnostic: frames go to an {@link com.jarvis.ingress.media.audio.AudioSink}.
 */
package com.jarvis.ingress.media.audio;
