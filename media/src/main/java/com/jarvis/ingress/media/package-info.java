/**
 * The WebRTC media plane: a plain Java library (no framework) that receives audio over ICE-lite, DTLS-SRTP and
 * SCTP. Packages by protocol; see docs/architecture.md.
 */
package com.jarvis.ingress.media;
