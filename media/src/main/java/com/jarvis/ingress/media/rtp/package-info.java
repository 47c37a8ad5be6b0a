/**
 * RTP and RTCP (RFC 3550): zero-copy packet parsing, RFC 8285 header extensions (mid, RFC 6464 audio level),
 * per-stream reception statistics and RTCP receiver reports.
 */
package com.jarvis.ingress.media.rtp;
