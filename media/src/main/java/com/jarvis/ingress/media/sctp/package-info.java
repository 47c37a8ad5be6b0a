/**
 * SCTP over DTLS for WebRTC data channels (RFC 9260 as profiled by RFC 8831/8841, with RFC 3758 partial
 * reliability and RFC 6525 stream reset) and the Data Channel Establishment Protocol (RFC 8832). Written from the
 * RFCs: a packet codec, a single-threaded association state machine driven by packets and an external timer, and
 * a data channel layer on top. Nothing here owns a thread or a socket.
 */
package com.jarvis.ingress.media.sctp;
