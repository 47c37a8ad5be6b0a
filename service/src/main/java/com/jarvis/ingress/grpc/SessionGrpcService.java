package com.jarvis.ingress.grpc;

import com.jarvis.ingress.error.ServiceException;
import com.jarvis.ingress.session.SessionIds;
import com.jarvis.ingress.grpc.v1.AudioConfig;
import com.jarvis.ingress.grpc.v1.GetSessionStatusRequest;
import com.jarvis.ingress.grpc.v1.ListSessionsRequest;
import com.jarvis.ingress.grpc.v1.ListSessionsResponse;
import com.jarvis.ingress.grpc.v1.Session;
import com.jarvis.ingress.grpc.v1.SessionServiceGrpc;
import com.jarvis.ingress.grpc.v1.SessionStatus;
import com.jarvis.ingress.grpc.v1.StartSessionRequest;
import com.jarvis.ingress.grpc.v1.StartSessionResponse;
import com.jarvis.ingress.grpc.v1.StopSessionRequest;
import com.jarvis.ingress.grpc.v1.StopSessionResponse;
import com.jarvis.ingress.grpc.v1.UpdateSessionConfigRequest;
import com.jarvis.ingress.grpc.v1.VoiceConfig;
import com.jarvis.ingress.session.AudioConfigPatch;
import com.jarvis.ingress.session.CreateSession;
import com.jarvis.ingress.session.JsonDocument;
import com.jarvis.ingress.session.SessionPage;
import com.jarvis.ingress.session.UpdateSession;
import com.jarvis.ingress.session.VoiceConfigPatch;
import com.google.protobuf.Struct;
import com.jarvis.ingress.web.JsonTreeRules;
import com.jarvis.ingress.session.SessionService;
import com.jarvis.ingress.auth.AuthenticatedDevice;
import com.jarvis.ingress.grpc.v1.SessionEvent;
import com.jarvis.ingress.grpc.v1.WatchSessionRequest;
import com.jarvis.ingress.session.events.SessionWatches;
import com.jarvis.ingress.session.events.Subscription;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code jarvis.ingress.v1.SessionService}: maps each request to the same typed command the REST edge builds (only
 * the fields the client set; the commands validate themselves and name fields as REST does) and calls the same
 * {@link SessionService}, so validation, defaults and errors cannot differ between the protocols.
 */
@Component
public class SessionGrpcService extends SessionServiceGrpc.SessionServiceImplBase {
    private final SessionService sessions;
    private final SessionWatches watches;
    private final ObjectMapper json;

    public SessionGrpcService(SessionService sessions, SessionWatches watches, ObjectMapper json) {
        this.sessions = sessions;
        this.watches = watches;
        this.json = json;
    }

    @Override
    public void startSession(StartSessionRequest request, StreamObserver<StartSessionResponse> response) {
        answer(response, () -> {
            CreateSession command = new CreateSession(
                    request.hasAudioConfig() ? audio(request.getAudioConfig()) : AudioConfigPatch.NONE,
                    request.hasVoiceConfig() ? voice(request.getVoiceConfig()) : VoiceConfigPatch.NONE,
                    request.hasMetadata() ? document(request.getMetadata(), "metadata") : JsonDocument.EMPTY);
            com.jarvis.ingress.session.Session s = sessions.create(GrpcCallContext.caller(), command);
            return StartSessionResponse.newBuilder()
                    .setSessionId(s.id().toString())
                    .setStatus(status(s.status()))
                    .setExpiresAt(ProtoJson.timestamp(s.expiresAt()))
                    .build();
        });
    }

    @Override
    public void stopSession(StopSessionRequest request, StreamObserver<StopSessionResponse> response) {
        answer(response, () -> {
            sessions.end(GrpcCallContext.caller(), sessionId(request.getSessionId()));
            return StopSessionResponse.newBuilder().setSuccess(true).setMessage("Session ended successfully").build();
        });
    }

    @Override
    public void getSessionStatus(GetSessionStatusRequest request, StreamObserver<Session> response) {
        answer(response, () -> toProto(sessions.get(GrpcCallContext.caller(), sessionId(request.getSessionId()))));
    }

    @Override
    public void updateSessionConfig(UpdateSessionConfigRequest request, StreamObserver<Session> response) {
        answer(response, () -> {
            UUID id = sessionId(request.getSessionId());
            if (request.hasAudioConfig()) {
                throw UpdateSession.audioConfigFixed();
            }
            UpdateSession command = new UpdateSession(
                    request.hasContextData() ? document(request.getContextData(), "contextData") : null,
                    request.hasVoiceConfig() ? voice(request.getVoiceConfig()) : null);
            return toProto(sessions.update(GrpcCallContext.caller(), id, command));
        });
    }

    @Override
    public void listSessions(ListSessionsRequest request, StreamObserver<ListSessionsResponse> response) {
        answer(response, () -> {
            Integer limit = request.hasPageSize() ? request.getPageSize() : null;
            String cursor = request.getPageToken().isEmpty() ? null : request.getPageToken();
            SessionPage page = sessions.list(GrpcCallContext.caller(), limit, cursor, statusFilter(request));
            ListSessionsResponse.Builder out = ListSessionsResponse.newBuilder();
            page.sessions().forEach(s -> out.addSessions(toProto(s)));
            if (page.nextCursor() != null) {
                out.setNextPageToken(page.nextCursor());
            }
            return out.build();
        });
    }

    /**
     * The same watch as SSE: the handlers are set before anything is written (grpc-java requires it), so a client
     * that cancels, or reads slowly, releases its subscription or holds events back within its bound.
     */
    @Override
    public void watchSession(WatchSessionRequest request, StreamObserver<SessionEvent> response) {
        ServerCallStreamObserver<SessionEvent> call = (ServerCallStreamObserver<SessionEvent>) response;
        try {
            AuthenticatedDevice caller = GrpcCallContext.caller();
            Subscription subscription = watches.open(caller, sessionId(request.getSessionId()), new GrpcEventSink(call));
            call.setOnCancelHandler(subscription::release);
            call.setOnReadyHandler(subscription::wake);
            watches.start(caller, subscription);
        } catch (RuntimeException e) {
            response.onError(GrpcErrors.toStatusException(e));
        }
    }

    /** Unary calls: one answer or the mapped error; nothing escapes to grpc-java's generic UNKNOWN. */
    private static <T> void answer(StreamObserver<T> response, Supplier<T> call) {
        T result;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            response.onError(GrpcErrors.toStatusException(e));
            return;
        }
        response.onNext(result);
        response.onCompleted();
    }

    /** A malformed id is a bad argument (naming the field); a well-formed unknown or foreign one is NOT_FOUND. */
    static UUID sessionId(String text) {
        return SessionIds.parse(text).orElseThrow(() -> ServiceException.invalid("session_id",
                "must be a UUID such as 3f0c8e9e-6a47-4c55-9d1e-2b8f6f1d1a77"));
    }

    /** UNSPECIFIED lists every status; an unknown number is passed on for the service to refuse. */
    private static String statusFilter(ListSessionsRequest request) {
        return switch (request.getStatus()) {
            case SESSION_STATUS_UNSPECIFIED -> null;
            case SESSION_STATUS_PENDING -> "pending";
            case SESSION_STATUS_ACTIVE -> "active";
            case SESSION_STATUS_ENDED -> "ended";
            case SESSION_STATUS_EXPIRED -> "expired";
            case UNRECOGNIZED -> "status-" + request.getStatusValue();
        };
    }

    /** Only the fields the client set; the patch checks each, with the REST field names. */
    static AudioConfigPatch audio(AudioConfig a) {
        return new AudioConfigPatch(
                a.hasSampleRate() ? a.getSampleRate() : null,
                a.hasChannels() ? a.getChannels() : null,
                a.hasBitDepth() ? a.getBitDepth() : null,
                a.hasCodec() ? a.getCodec() : null);
    }

    static VoiceConfigPatch voice(VoiceConfig v) {
        return new VoiceConfigPatch(
                v.hasVoiceId() ? v.getVoiceId() : null,
                v.hasSpeed() ? v.getSpeed() : null,
                v.hasPitch() ? v.getPitch() : null,
                v.hasLanguage() ? v.getLanguage() : null);
    }

    /** A Struct held to the rules of every JSON document we accept, named as the REST body's field. */
    private JsonDocument document(Struct struct, String field) {
        ObjectNode node = ProtoJson.toJson(struct);
        JsonTreeRules.checkField(node, field);
        return JsonDocument.of(json, node);
    }

    private Session toProto(com.jarvis.ingress.session.Session s) {
        Session.Builder b = Session.newBuilder()
                .setSessionId(s.id().toString())
                .setStatus(status(s.status()))
                .setContextData(ProtoJson.toStruct(json.readTree(s.contextData())))
                .setAudioConfig(AudioConfig.newBuilder()
                        .setSampleRate(s.audioConfig().sampleRate())
                        .setChannels(s.audioConfig().channels())
                        .setBitDepth(s.audioConfig().bitDepth())
                        .setCodec(s.audioConfig().codec()))
                .setVoiceConfig(VoiceConfig.newBuilder()
                        .setVoiceId(s.voiceConfig().voiceId())
                        .setSpeed(s.voiceConfig().speed())
                        .setPitch(s.voiceConfig().pitch())
                        .setLanguage(s.voiceConfig().language()))
                .setMetadata(ProtoJson.toStruct(json.readTree(s.metadata())))
                .setCreatedAt(ProtoJson.timestamp(s.createdAt()))
                .setUpdatedAt(ProtoJson.timestamp(s.updatedAt()))
                .setExpiresAt(ProtoJson.timestamp(s.expiresAt()));
        if (s.endedAt() != null) {
            b.setEndedAt(ProtoJson.timestamp(s.endedAt()));
        }
        return b.build();
    }

    static SessionStatus status(com.jarvis.ingress.session.SessionStatus status) {
        return switch (status) {
            case PENDING -> SessionStatus.SESSION_STATUS_PENDING;
            case ACTIVE -> SessionStatus.SESSION_STATUS_ACTIVE;
            case ENDED -> SessionStatus.SESSION_STATUS_ENDED;
            case EXPIRED -> SessionStatus.SESSION_STATUS_EXPIRED;
        };
    }
}
