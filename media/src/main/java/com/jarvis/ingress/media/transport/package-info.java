/**
 * The mediasoup-like WebRTC receive endpoint: {@link com.jarvis.ingress.media.transport.WebRtcServer} owns the
 * shared sockets and demultiplexes packets to {@link com.jarvis.ingress.media.transport.WebRtcTransport}s, each an
 * ICE-lite, DTLS-SRTP state machine feeding one audio {@link com.jarvis.ingress.media.transport.Producer}, with one
 * SCTP association over its DTLS feeding {@link com.jarvis.ingress.media.transport.DataProducer}s (data channels).
 * {@link com.jarvis.ingress.media.transport.Router} holds the RTP capabilities and validates producers' parameters.
 */
package com.jarvis.ingress.media.transport;
