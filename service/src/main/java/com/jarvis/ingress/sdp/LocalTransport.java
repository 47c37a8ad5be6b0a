package com.jarvis.ingress.sdp;

import java.util.List;

/** What the answer says about our side: ICE-lite credentials, host candidates, certificate fingerprints. */
public record LocalTransport(String iceUfrag, String icePwd, List<Candidate> candidates,
        List<Fingerprint> fingerprints) {
    public LocalTransport {
        candidates = List.copyOf(candidates);
        fingerprints = List.copyOf(fingerprints);
    }
}
