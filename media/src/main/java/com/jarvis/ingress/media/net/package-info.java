/**
 * Sockets shared by all WebRTC transports: one UDP endpoint and one TCP listener (RFC 4571 framing), plus the
 * first-byte demultiplexer of RFC 7983. Plain JDK NIO; each socket is owned by one I/O thread.
 */
package com.jarvis.ingress.media.net;
