package com.jarvis.ingress.session.events;

import com.jarvis.ingress.session.SessionViews;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.ObjectMapper;

/** Writes events as Server-Sent Events: {@code event: state|transcript}, one JSON object of data each. */
final class SseEventSink implements EventSink {
    private final SseEmitter emitter;
    private final ObjectMapper json;

    SseEventSink(SseEmitter emitter, ObjectMapper json) {
        this.emitter = emitter;
        this.json = json;
    }

    @Override
    public boolean ready() {
        return true;
    }

    @Override
    public void send(SessionEvent event) throws Exception {
        String name = event instanceof SessionEvent.State ? "state" : "transcript";
        emitter.send(SseEmitter.event().name(name).data(json.writeValueAsString(view(event))));
    }

    @Override
    public void heartbeat() throws Exception {
        emitter.send(SseEmitter.event().comment("keepalive"));
    }

    @Override
    public void complete() {
        emitter.complete();
    }

    /** SSE has no status: the stream just ends, and a client that saw no closed state reconnects. */
    @Override
    public void abort(String reason) {
        emitter.complete();
    }

    static Map<String, Object> view(SessionEvent event) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sessionId", event.sessionId().toString());
        if (event instanceof SessionEvent.State s) {
            m.put("status", s.status().wire());
            m.put("at", SessionViews.iso(s.at()));
        } else if (event instanceof SessionEvent.Heard h) {
            m.put("text", h.transcript().text());
            m.put("isFinal", h.transcript().isFinal());
            m.put("confidence", Math.round(h.transcript().confidence() * 1000) / 1000.0);
            m.put("at", SessionViews.iso(h.transcript().at()));
        }
        return m;
    }
}
