package com.jarvis.ingress.media.net;

/** The transport protocol a packet arrived on (and a reply must leave on). */
public enum Transport {
    UDP,
    TCP
}
