package com.jarvis.ingress.sdp;

import java.util.List;

/**
 * A WHIP offer this service can answer: the client's ICE credentials, DTLS fingerprints and setup role (of the
 * BUNDLE transport), the one audio section it accepts, the data channel section if any, and every m-section of
 * the offer in order (the answer has one per offered section; those not accepted are rejected with port 0).
 */
public record Offer(String iceUfrag, String icePwd, List<Fingerprint> fingerprints, SetupRole setup, AudioOffer audio,
        DataOffer data, List<MediaDescription> sections) {
    public Offer {
        fingerprints = List.copyOf(fingerprints);
        sections = List.copyOf(sections);
    }
}
