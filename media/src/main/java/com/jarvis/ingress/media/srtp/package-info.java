/**
 * SRTP and SRTCP (RFC 3711, RFC 7714) keyed from DTLS-SRTP (RFC 5764): per-SSRC crypto contexts, replay
 * protection, in-place protect/unprotect that allocates nothing per packet (JCE AES and SHA-1, BouncyCastle's GHASH).
 */
package com.jarvis.ingress.media.srtp;
