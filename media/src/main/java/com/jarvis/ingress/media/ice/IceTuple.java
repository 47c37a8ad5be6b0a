package com.jarvis.ingress.media.ice;

import com.jarvis.ingress.media.net.Transport;
import java.net.InetSocketAddress;
import java.util.Objects;

/** A remote transport address and protocol that checks (and media) come from. */
public record IceTuple(InetSocketAddress remote, Transport transport) {
    public IceTuple {
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(transport, "transport");
    }
}
