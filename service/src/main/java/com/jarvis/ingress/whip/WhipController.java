package com.jarvis.ingress.whip;

import com.jarvis.ingress.auth.AuthenticatedDevice;
import com.jarvis.ingress.webrtc.IceServers;
import com.jarvis.ingress.error.ServiceException;
import com.jarvis.ingress.sdp.SdpException;
import com.jarvis.ingress.session.SessionIds;
import com.jarvis.ingress.web.ErrorBody;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The WHIP endpoint (RFC 9725): {@code POST /api/whip} with an SDP offer creates the resource {@code
 * /api/whip/<sessionId>}; {@code PATCH} (trickle ICE, ICE restart) and {@code DELETE} act on it; {@code OPTIONS}
 * answers {@code Accept-Post}. Errors are the service's JSON error shape; WHIP clients only need the status.
 */
@RestController
@RequestMapping("/api/whip")
public class WhipController {
    static final MediaType SDP = MediaType.parseMediaType("application/sdp");
    static final MediaType SDP_FRAGMENT = MediaType.parseMediaType("application/trickle-ice-sdpfrag");
    static final String SESSION_HEADER = "X-Session-Id";

    private final WhipService whip;
    private final IceServers iceServers;

    public WhipController(WhipService whip, IceServers iceServers) {
        this.whip = whip;
        this.iceServers = iceServers;
    }

    @PostMapping
    public ResponseEntity<String> publish(AuthenticatedDevice caller,
                                          @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
                                          @RequestParam(value = "sessionId", required = false) String sessionId,
                                          @RequestBody(required = false) byte[] body) {
        requireType(contentType, SDP);
        UUID existing = null;
        if (sessionId != null) {
            existing = SessionIds.parse(sessionId)
                    .orElseThrow(() -> ServiceException.invalid("sessionId", "must be a session id (UUID)"));
        }
        WhipAnswer answer = whip.publish(caller, existing, text(body));
        String location = "/api/whip/" + answer.sessionId();
        ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.CREATED)
                .contentType(SDP)
                .header(HttpHeaders.LOCATION, location)
                .header(HttpHeaders.ETAG, answer.etag())
                .header(SESSION_HEADER, answer.sessionId().toString())
                .header("Accept-Patch", SDP_FRAGMENT.toString());
        // RFC 9725 section 4.6: the same STUN/TURN servers (fresh TURN credential) transport/create hands out
        for (String link : IceServerLinks.of(iceServers.forUser(caller.userId()))) {
            response.header(HttpHeaders.LINK, link);
        }
        return response.body(answer.sdp());
    }

    @DeleteMapping("/{resourceId}")
    public ResponseEntity<Void> delete(AuthenticatedDevice caller, @PathVariable String resourceId) {
        whip.delete(caller, SessionIds.parseOrNotFound(resourceId));
        return ResponseEntity.ok().build();
    }

    @PatchMapping("/{resourceId}")
    public ResponseEntity<String> patch(AuthenticatedDevice caller, @PathVariable String resourceId,
                                        @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
                                        @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                        @RequestBody(required = false) byte[] body) {
        UUID id = SessionIds.parseOrNotFound(resourceId);
        requireType(contentType, SDP_FRAGMENT);
        PatchOutcome outcome = whip.patch(caller, id, ifMatch, text(body));
        if (!outcome.restarted()) {
            return ResponseEntity.noContent().build();
        }
        return ResponseEntity.ok().contentType(SDP_FRAGMENT).header(HttpHeaders.ETAG, outcome.etag())
                .body(outcome.fragment());
    }

    /** RFC 9725 section 4.2: OPTIONS on the endpoint says which offers it takes. (CORS preflights never get here.) */
    @RequestMapping(method = RequestMethod.OPTIONS)
    public ResponseEntity<Void> endpointOptions() {
        return ResponseEntity.noContent().header("Accept-Post", SDP.toString())
                .header(HttpHeaders.ALLOW, "OPTIONS, POST").build();
    }

    @RequestMapping(path = "/{resourceId}", method = RequestMethod.OPTIONS)
    public ResponseEntity<Void> resourceOptions(@PathVariable String resourceId) {
        return ResponseEntity.noContent().header("Accept-Patch", SDP_FRAGMENT.toString())
                .header(HttpHeaders.ALLOW, "OPTIONS, PATCH, DELETE").build();
    }

    @ExceptionHandler(SdpException.class)
    public ResponseEntity<ErrorBody> badSdp(SdpException e) {
        boolean malformed = e.problem() == SdpException.Problem.MALFORMED;
        return ResponseEntity.status(malformed ? HttpStatus.BAD_REQUEST : HttpStatus.UNPROCESSABLE_CONTENT)
                .contentType(MediaType.APPLICATION_JSON)
                .body(ErrorBody.of(malformed ? "invalid_sdp" : "unsupported_offer", e.getMessage()));
    }

    @ExceptionHandler(WhipPreconditionException.class)
    public ResponseEntity<ErrorBody> precondition(WhipPreconditionException e) {
        return ResponseEntity.status(e.required() ? HttpStatus.PRECONDITION_REQUIRED : HttpStatus.PRECONDITION_FAILED)
                .contentType(MediaType.APPLICATION_JSON)
                .body(ErrorBody.of(e.required() ? "precondition_required" : "precondition_failed", e.getMessage()));
    }

    /** A Content-Type Spring cannot even parse: the same 415, naming the type WHIP wants (not JSON). */
    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    public ResponseEntity<ErrorBody> unparseableType(HttpMediaTypeNotSupportedException e) {
        return unsupported(new UnsupportedBody("Content-Type must be " + SDP + " (" + SDP_FRAGMENT + " for PATCH)"));
    }

    @ExceptionHandler(UnsupportedBody.class)
    public ResponseEntity<ErrorBody> unsupported(UnsupportedBody e) {
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).contentType(MediaType.APPLICATION_JSON)
                .body(ErrorBody.of("unsupported_media_type", e.getMessage()));
    }

    private static void requireType(String contentType, MediaType expected) {
        MediaType given;
        try {
            given = contentType == null ? null : MediaType.parseMediaType(contentType);
        } catch (RuntimeException e) {
            given = null;
        }
        if (given == null || !given.equalsTypeAndSubtype(expected)) {
            throw new UnsupportedBody("Content-Type must be " + expected);
        }
        String charset = given.getParameter("charset");
        if (charset != null && !List.of("utf-8", "us-ascii").contains(charset.toLowerCase(Locale.ROOT))) {
            throw new UnsupportedBody("the body must be UTF-8");
        }
    }

    private static String text(byte[] body) {
        if (body == null || body.length == 0) {
            throw new SdpException(SdpException.Problem.MALFORMED, "the request has no body: it must be SDP");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new SdpException(SdpException.Problem.MALFORMED, "the body is not UTF-8 text");
        }
    }

    /** A body of a type this endpoint does not take (415). */
    static final class UnsupportedBody extends RuntimeException {
        UnsupportedBody(String message) {
            super(message, null, false, false);
        }
    }
}
