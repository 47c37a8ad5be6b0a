package com.jarvis.ingress.webrtc;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.jarvis.ingress.media.transport.IceCandidate;
import org.springframework.boot.jackson.JacksonMixin;

/**
 * JSON shape of {@link IceCandidate} (the media module has no Jackson): a UDP candidate has no {@code tcpType}, and
 * mediasoup-client passes the candidate on to the browser, so the field is left out rather than sent as null.
 */
@JacksonMixin(IceCandidate.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
abstract class IceCandidateJsonMixin {
}
