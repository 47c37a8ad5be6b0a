package com.jarvis.ingress.webrtc;

import com.jarvis.ingress.media.dtls.DtlsFingerprint;
import com.jarvis.ingress.media.dtls.DtlsRole;
import com.jarvis.ingress.media.transport.RtpParameters;
import com.jarvis.ingress.web.ApiException;
import com.jarvis.ingress.web.JsonInput;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;

/** Parses and validates the signalling bodies; every problem is a 400 naming its field. */
final class WebRtcRequests {
    /** The remote side's DTLS role and certificate fingerprints, as sent to transport/connect. */
    record Connect(DtlsRole role, List<DtlsFingerprint> fingerprints) {
    }

    private final ObjectReader rtpReader;

    WebRtcRequests(ObjectMapper json) {
        // Clients add fields of their own (maxBitrate, scalabilityMode...): ignore what we do not use.
        this.rtpReader = json.readerFor(RtpParameters.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    static Connect connect(JsonNode body) {
        JsonNode dtls = JsonInput.optionalObject(body, "dtlsParameters", "dtlsParameters");
        if (dtls == null) {
            throw ApiException.invalid("dtlsParameters", "is required");
        }
        String roleText = JsonInput.optionalString(dtls, "role", "dtlsParameters.role", 16);
        DtlsRole role;
        try {
            role = roleText == null ? DtlsRole.AUTO : DtlsRole.parse(roleText);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("dtlsParameters.role", "must be client, server or auto");
        }
        JsonNode fps = dtls.get("fingerprints");
        if (fps == null || !fps.isArray() || fps.isEmpty()) {
            throw ApiException.invalid("dtlsParameters.fingerprints", "must be a non-empty array");
        }
        if (fps.size() > 8) {
            throw ApiException.invalid("dtlsParameters.fingerprints", "must have at most 8 entries");
        }
        List<DtlsFingerprint> fingerprints = new ArrayList<>();
        for (int i = 0; i < fps.size(); i++) {
            String path = "dtlsParameters.fingerprints[" + i + "]";
            JsonNode fp = fps.get(i);
            if (!fp.isObject()) {
                throw ApiException.invalid(path, "must be an object {algorithm, value}");
            }
            String algorithm = JsonInput.requiredString(fp, "algorithm", path + ".algorithm", 16);
            String value = JsonInput.requiredString(fp, "value", path + ".value", 200);
            try {
                fingerprints.add(DtlsFingerprint.parse(algorithm, value));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid(path, e.getMessage());
            }
        }
        return new Connect(role, List.copyOf(fingerprints));
    }

    RtpParameters rtpParameters(JsonNode body) {
        JsonNode node = JsonInput.optionalObject(body, "rtpParameters", "rtpParameters");
        if (node == null) {
            throw ApiException.invalid("rtpParameters", "is required");
        }
        try {
            RtpParameters p = rtpReader.readValue(node);
            if (p.codecs() == null || p.codecs().isEmpty()) {
                throw ApiException.invalid("rtpParameters.codecs", "must be a non-empty array");
            }
            if (p.encodings() == null || p.encodings().isEmpty()) {
                throw ApiException.invalid("rtpParameters.encodings", "must be a non-empty array");
            }
            return p;
        } catch (JacksonException e) {
            String field = e.getPathReference() == null ? "" : pathOf(e);
            throw ApiException.invalid("rtpParameters" + field, "has the wrong shape or type");
        }
    }

    private static String pathOf(JacksonException e) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                sb.append('.').append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
