package com.jarvis.ingress.media.transport;

import com.jarvis.ingress.media.dtls.DtlsFingerprint;
import java.util.List;

/** {@code transportOptions.dtlsParameters}: role "auto" (we adapt to the client) and our certificate fingerprints. */
public record DtlsParameters(String role, List<DtlsFingerprint> fingerprints) {
    public DtlsParameters {
        fingerprints = List.copyOf(fingerprints);
    }
}
