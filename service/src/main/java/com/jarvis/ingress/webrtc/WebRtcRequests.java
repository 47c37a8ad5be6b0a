package com.jarvis.ingress.webrtc;

import com.jarvis.ingress.media.dtls.DtlsFingerprint;
import com.jarvis.ingress.media.dtls.DtlsRole;
import com.jarvis.ingress.media.transport.RtpParameters;
import com.jarvis.ingress.media.transport.SctpStreamParameters;
import com.jarvis.ingress.error.ServiceException;
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

    /** A data-producer/create body. */
    record ProduceData(SctpStreamParameters sctpStreamParameters, String label, String protocol) {
    }

    static final int MAX_LABEL = 256;

    private final ObjectReader rtpReader;

    WebRtcRequests(ObjectMapper json) {
        // Clients add fields of their own (maxBitrate, scalabilityMode...): ignore what we do not use.
        this.rtpReader = json.readerFor(RtpParameters.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    static Connect connect(JsonNode body) {
        JsonNode dtls = JsonInput.optionalObject(body, "dtlsParameters", "dtlsParameters");
        if (dtls == null) {
            throw ServiceException.invalid("dtlsParameters", "is required");
        }
        String roleText = JsonInput.optionalString(dtls, "role", "dtlsParameters.role", 16);
        DtlsRole role;
        try {
            role = roleText == null ? DtlsRole.AUTO : DtlsRole.parse(roleText);
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalid("dtlsParameters.role", "must be client, server or auto");
        }
        JsonNode fps = dtls.get("fingerprints");
        if (fps == null || !fps.isArray() || fps.isEmpty()) {
            throw ServiceException.invalid("dtlsParameters.fingerprints", "must be a non-empty array");
        }
        if (fps.size() > 8) {
            throw ServiceException.invalid("dtlsParameters.fingerprints", "must have at most 8 entries");
        }
        List<DtlsFingerprint> fingerprints = new ArrayList<>();
        for (int i = 0; i < fps.size(); i++) {
            String path = "dtlsParameters.fingerprints[" + i + "]";
            JsonNode fp = fps.get(i);
            if (!fp.isObject()) {
                throw ServiceException.invalid(path, "must be an object {algorithm, value}");
            }
            String algorithm = JsonInput.requiredString(fp, "algorithm", path + ".algorithm", 16);
            String value = JsonInput.requiredString(fp, "value", path + ".value", 200);
            try {
                fingerprints.add(DtlsFingerprint.parse(algorithm, value));
            } catch (IllegalArgumentException e) {
                throw ServiceException.invalid(path, e.getMessage());
            }
        }
        return new Connect(role, List.copyOf(fingerprints));
    }

    static ProduceData produceData(JsonNode body) {
        JsonNode sctp = JsonInput.optionalObject(body, "sctpStreamParameters", "sctpStreamParameters");
        if (sctp == null) {
            throw ServiceException.invalid("sctpStreamParameters", "is required");
        }
        Integer streamId = JsonInput.optionalInt(sctp, "streamId", "sctpStreamParameters.streamId");
        if (streamId == null) {
            throw ServiceException.invalid("sctpStreamParameters.streamId", "is required");
        }
        if (streamId < 0 || streamId >= SctpStreamParameters.MAX_STREAMS) {
            throw ServiceException.invalid("sctpStreamParameters.streamId",
                    "must be an integer from 0 to " + (SctpStreamParameters.MAX_STREAMS - 1));
        }
        Boolean ordered = JsonInput.optionalBoolean(sctp, "ordered", "sctpStreamParameters.ordered");
        Integer lifetime = JsonInput.optionalInt(sctp, "maxPacketLifeTime", "sctpStreamParameters.maxPacketLifeTime");
        Integer retransmits = JsonInput.optionalInt(sctp, "maxRetransmits", "sctpStreamParameters.maxRetransmits");
        if (lifetime != null && retransmits != null) {
            throw ServiceException.invalid("sctpStreamParameters",
                    "must not have both maxPacketLifeTime and maxRetransmits");
        }
        if (lifetime != null && (lifetime < 0 || lifetime > 65535)) {
            throw ServiceException.invalid("sctpStreamParameters.maxPacketLifeTime", "must be from 0 to 65535");
        }
        if (retransmits != null && (retransmits < 0 || retransmits > 65535)) {
            throw ServiceException.invalid("sctpStreamParameters.maxRetransmits", "must be from 0 to 65535");
        }
        String label = JsonInput.optionalString(body, "label", "label", MAX_LABEL);
        String protocol = JsonInput.optionalString(body, "protocol", "protocol", MAX_LABEL);
        return new ProduceData(new SctpStreamParameters(streamId, ordered == null || ordered, lifetime, retransmits),
                label == null ? "" : label, protocol == null ? "" : protocol);
    }

    RtpParameters rtpParameters(JsonNode body) {
        JsonNode node = JsonInput.optionalObject(body, "rtpParameters", "rtpParameters");
        if (node == null) {
            throw ServiceException.invalid("rtpParameters", "is required");
        }
        try {
            RtpParameters p = rtpReader.readValue(node);
            if (p.codecs() == null || p.codecs().isEmpty()) {
                throw ServiceException.invalid("rtpParameters.codecs", "must be a non-empty array");
            }
            if (p.encodings() == null || p.encodings().isEmpty()) {
                throw ServiceException.invalid("rtpParameters.encodings", "must be a non-empty array");
            }
            return p;
        } catch (JacksonException e) {
            String field = e.getPathReference() == null ? "" : pathOf(e);
            throw ServiceException.invalid("rtpParameters" + field, "has the wrong shape or type");
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
