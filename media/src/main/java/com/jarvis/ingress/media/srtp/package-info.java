/**
 * SRTP and SRTCP (RFC 3711, RFC 7714) keyed from DTLS-SRTP (RFC 5764): per-SSRC crypto contexts, replay
 * protection, in-place protect/unprotect with JCE primitives.
 */
package com.jarvis.ingress.media.srtp;
