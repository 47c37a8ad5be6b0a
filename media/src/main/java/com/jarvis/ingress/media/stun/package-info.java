/**
 * A STUN server (RFC 8489 Binding only, UDP and TCP) that tells clients the address and port their packets come
 * from, so they can gather server-reflexive candidates without a third-party STUN server. No authentication, no
 * TURN (that is coturn's job). Uses the {@code ice} codec and the {@code net} sockets; never imports
 * {@code transport}.
 */
package com.jarvis.ingress.media.stun;
