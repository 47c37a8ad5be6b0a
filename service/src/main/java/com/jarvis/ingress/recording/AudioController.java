package com.jarvis.ingress.recording;

import com.jarvis.ingress.auth.AuthenticatedDevice;
import com.jarvis.ingress.session.SessionIds;
import com.jarvis.ingress.session.SessionService;
import com.jarvis.ingress.error.ServiceException;
import com.jarvis.ingress.web.ErrorBody;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
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
    public ResponseEntity<?> audio(AuthenticatedDevice caller, @PathVariable String sessionId,
                                   @RequestHeader(value = HttpHeaders.RANGE, required = false) String range) {
        UUID id = SessionIds.parseOrNotFound(sessionId);
        sessions.get(caller, id);
        WavResource wav = files.find(id).orElseThrow(
                () -> ServiceException.notFound("No audio has been recorded for this session"));
        if (range != null && !satisfiable(range, wav)) {
            // Spring would answer 416 without a body; the API's errors are JSON.
            return ResponseEntity.status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                    .header(HttpHeaders.CONTENT_RANGE, "bytes */" + wav.contentLength())
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(ErrorBody.of("range_not_satisfiable",
                            "Range must be bytes=first-last within the " + wav.contentLength() + " bytes of the audio"));
        }
        return ResponseEntity.ok()
                .contentType(AUDIO_WAV)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.inline().filename(id + AudioFiles.SUFFIX).build().toString())
                .body(wav);
    }

    private static boolean satisfiable(String range, WavResource wav) {
        try {
            HttpRange.toResourceRegions(HttpRange.parseRanges(range), wav);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
