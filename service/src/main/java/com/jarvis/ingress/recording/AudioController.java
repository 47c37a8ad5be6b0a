package com.jarvis.ingress.recording;

import com.jarvis.ingress.auth.AuthenticatedDevice;
import com.jarvis.ingress.session.SessionIds;
import com.jarvis.ingress.session.SessionService;
import com.jarvis.ingress.web.ApiException;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/session/:sessionId/audio}: the session's audio as the embedded sink stored it (16 kHz mono 16-bit
 * WAV; while the session streams, everything up to the last flush). The owner only; unknown, foreign and malformed
 * ids, and sessions without audio, are 404. Range requests are served by Spring from the re-readable resource.
 */
@RestController
public class AudioController {
    static final MediaType AUDIO_WAV = MediaType.parseMediaType("audio/wav");

    private final SessionService sessions;
    private final AudioFiles files;

    public AudioController(SessionService sessions, AudioFiles files) {
        this.sessions = sessions;
        this.files = files;
    }

    @GetMapping("/api/session/{sessionId}/audio")
    public ResponseEntity<WavResource> audio(AuthenticatedDevice caller, @PathVariable String sessionId) {
        UUID id = SessionIds.parseOrNotFound(sessionId);
        sessions.get(caller, id);
        WavResource wav = files.find(id).orElseThrow(
                () -> ApiException.notFound("No audio has been recorded for this session"));
        return ResponseEntity.ok()
                .contentType(AUDIO_WAV)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.inline().filename(id + AudioFiles.SUFFIX).build().toString())
                .body(wav);
    }
}
