package com.jarvis.ingress.session;

import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Appends final transcripts to {@code contextData.transcript}, keeping the array and contextData bounded. */
final class TranscriptLog {
    static final String FIELD = "transcript";

    private TranscriptLog() {
    }

    static String append(ObjectMapper json, String contextData, Transcript t, int maxEntries, int maxText,
                         int maxContextBytes) {
        JsonNode parsed = json.readTree(contextData);
        ObjectNode context = parsed instanceof ObjectNode o ? o : json.createObjectNode();
        // A client may have put something else under "transcript"; the recogniser's list takes the name over.
        ArrayNode entries = context.get(FIELD) instanceof ArrayNode a ? a : context.putArray(FIELD);
        String text = t.text().length() > maxText ? t.text().substring(0, maxText) : t.text();
        ObjectNode entry = entries.addObject();
        entry.put("text", text);
        entry.put("confidence", Math.round(t.confidence() * 1000) / 1000.0);
        entry.put("at", SessionViews.iso(t.at()));
        while (entries.size() > maxEntries) {
            entries.remove(0);
        }
        String out = json.writeValueAsString(context);
        // The oldest transcripts go first when contextData would outgrow its limit; the client's own keys stay.
        while (out.getBytes(StandardCharsets.UTF_8).length > maxContextBytes && entries.size() > 1) {
            entries.remove(0);
            out = json.writeValueAsString(context);
        }
        return out;
    }
}
