/**
 * STUN (RFC 8489/5389) codec and the ICE-lite responder (RFC 8445 lite side, RFC 7675 consent) of one
 * WebRTC transport. Hand-written; nothing here reads a clock: callers pass {@code nowMillis}.
 */
package com.jarvis.ingress.media.ice;
