package com.jarvis.ingress.media.transport;

/** One RTCP feedback mechanism of a codec, e.g. {@code {type:'nack', parameter:''}}. */
public record RtcpFeedback(String type, String parameter) {
    public RtcpFeedback {
        parameter = parameter == null ? "" : parameter;
    }
}
