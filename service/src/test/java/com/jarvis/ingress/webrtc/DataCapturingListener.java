package com.jarvis.ingress.webrtc;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test listener: the decoded audio (as {@link CapturingAudioListener} keeps it) plus every data channel message as it
 * arrived. Not a subclass, so that tests looking up the other listener by type still find exactly one.
 */
public class DataCapturingListener implements SessionAudioListener {
    public record Message(int streamId, boolean binary, byte[] data) {
    }

    private final Map<UUID, List<Message>> messages = new ConcurrentHashMap<>();
    private final Map<UUID, List<String>> control = new ConcurrentHashMap<>();
    private final Map<UUID, CapturingAudioListener.Capture> audio = new ConcurrentHashMap<>();

    @Override
    public void onAudio(UUID sessionId, com.jarvis.ingress.media.audio.AudioFrame frame) {
        audio.computeIfAbsent(sessionId, k -> new CapturingAudioListener.Capture()).add(frame);
    }

    public CapturingAudioListener.Capture capture(UUID sessionId) {
        return audio.get(sessionId);
    }

    @Override
    public void onDataMessage(UUID sessionId, int streamId, boolean binary, byte[] data) {
        messages.computeIfAbsent(sessionId, k -> new CopyOnWriteArrayList<>()).add(new Message(streamId, binary, data));
    }

    @Override
    public void onControlMessage(UUID sessionId, String text) {
        control.computeIfAbsent(sessionId, k -> new CopyOnWriteArrayList<>()).add(text);
    }

    public List<Message> messages(UUID sessionId) {
        return messages.getOrDefault(sessionId, List.of());
    }

    /** Binary messages of one stream, in arrival order. */
    public List<byte[]> binary(UUID sessionId, int streamId) {
        return messages(sessionId).stream().filter(m -> m.binary() && m.streamId() == streamId).map(Message::data)
                .toList();
    }

    public List<String> control(UUID sessionId) {
        return control.getOrDefault(sessionId, List.of());
    }
}
