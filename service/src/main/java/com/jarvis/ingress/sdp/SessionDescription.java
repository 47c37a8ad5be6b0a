package com.jarvis.ingress.sdp;

import java.util.List;

/**
 * A parsed SDP document (RFC 8866) reduced to what offer/answer needs: the session-level attributes and the
 * m-sections. A trickle-ICE fragment (RFC 8840) parses to the same shape with no origin.
 *
 * @param origin the {@code o=} line's value, or null in a fragment
 */
public record SessionDescription(String origin, List<Attribute> attributes, List<MediaDescription> media)
        implements Section {
    public SessionDescription {
        attributes = List.copyOf(attributes);
        media = List.copyOf(media);
    }
}
