package com.jarvis.ingress.media.rtp;

/** One RFC 8285 header extension element: its local id and where its data lies in the packet buffer. */
public record HeaderExtension(int id, int dataOffset, int dataLength) {
}
