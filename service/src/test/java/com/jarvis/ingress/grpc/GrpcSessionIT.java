package com.jarvis.ingress.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.jarvis.ingress.grpc.v1.AudioConfig;
import com.jarvis.ingress.grpc.v1.GetSessionStatusRequest;
import com.jarvis.ingress.grpc.v1.ListSessionsRequest;
import com.jarvis.ingress.grpc.v1.ListSessionsResponse;
import com.jarvis.ingress.grpc.v1.Session;
import com.jarvis.ingress.grpc.v1.SessionServiceGrpc.SessionServiceBlockingStub;
import com.jarvis.ingress.grpc.v1.SessionStatus;
import com.jarvis.ingress.grpc.v1.StartSessionRequest;
import com.jarvis.ingress.grpc.v1.StartSessionResponse;
import com.jarvis.ingress.grpc.v1.StopSessionRequest;
import com.jarvis.ingress.grpc.v1.StopSessionResponse;
import com.jarvis.ingress.grpc.v1.UpdateSessionConfigRequest;
import com.jarvis.ingress.grpc.v1.VoiceConfig;
import com.jarvis.ingress.support.ApiClient.Response;
import com.jarvis.ingress.support.GrpcIntegrationTest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every SessionService RPC over the network, its errors, and agreement with the REST API on the same data. */
class GrpcSessionIT extends GrpcIntegrationTest {

    private static Value str(String s) {
        return Value.newBuilder().setStringValue(s).build();
    }

    private static Value num(double d) {
        return Value.newBuilder().setNumberValue(d).build();
    }

    private static GetSessionStatusRequest get(String id) {
        return GetSessionStatusRequest.newBuilder().setSessionId(id).build();
    }

    @Test
    void startWithNothingSetFillsTheDefaultsLikeRest() {
        SessionServiceBlockingStub stub = sessions(api.newAccessToken());
        StartSessionResponse started = stub.startSession(StartSessionRequest.getDefaultInstance());
        assertThat(UUID.fromString(started.getSessionId())).isNotNull();
        assertThat(started.getStatus()).isEqualTo(SessionStatus.SESSION_STATUS_PENDING);
        Duration ahead = Duration.between(Instant.now(), Instant.ofEpochSecond(started.getExpiresAt().getSeconds()));
        assertThat(ahead).isBetween(Duration.ofMinutes(59), Duration.ofMinutes(61));

        Session s = stub.getSessionStatus(get(started.getSessionId()));
        assertThat(s.getAudioConfig()).isEqualTo(AudioConfig.newBuilder().setSampleRate(16000).setChannels(1)
                .setBitDepth(16).setCodec("opus").build());
        assertThat(s.getVoiceConfig()).isEqualTo(VoiceConfig.newBuilder().setVoiceId("default").setSpeed(1.0)
                .setPitch(1.0).setLanguage("en-US").build());
        assertThat(s.getContextData().getFieldsCount()).isZero();
        assertThat(s.getMetadata().getFieldsCount()).isZero();
        assertThat(s.hasEndedAt()).isFalse();
    }

    @Test
    void startWithPartialConfigKeepsTheOtherDefaultsAndStoresMetadata() {
        SessionServiceBlockingStub stub = sessions(api.newAccessToken());
        StartSessionResponse started = stub.startSession(StartSessionRequest.newBuilder()
                .setAudioConfig(AudioConfig.newBuilder().setSampleRate(48000).setCodec("pcm"))
                .setVoiceConfig(VoiceConfig.newBuilder().setSpeed(1.25).setLanguage("de-de"))
                .setMetadata(Struct.newBuilder().putFields("clientVersion", str("1.0.0"))
                        .putFields("build", num(42)))
                .build());
        Session s = stub.getSessionStatus(get(started.getSessionId()));
        assertThat(s.getSessionId()).isEqualTo(started.getSessionId());
        assertThat(s.getStatus()).isEqualTo(SessionStatus.SESSION_STATUS_PENDING);
        assertThat(s.getAudioConfig().getSampleRate()).isEqualTo(48000);
        assertThat(s.getAudioConfig().getCodec()).isEqualTo("pcm");
        assertThat(s.getAudioConfig().getChannels()).isEqualTo(1);
        assertThat(s.getVoiceConfig().getSpeed()).isEqualTo(1.25);
        assertThat(s.getVoiceConfig().getPitch()).isEqualTo(1.0);
        assertThat(s.getVoiceConfig().getLanguage()).isEqualTo("de-DE");
        assertThat(s.getMetadata().getFieldsOrThrow("clientVersion").getStringValue()).isEqualTo("1.0.0");
        assertThat(s.getMetadata().getFieldsOrThrow("build").getNumberValue()).isEqualTo(42);
        assertThat(Instant.ofEpochSecond(s.getCreatedAt().getSeconds()))
                .isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
        assertThat(s.getUpdatedAt()).isEqualTo(s.getCreatedAt());
    }

    @Test
    void updateReplacesContextAndChangesOnlyTheGivenVoiceFields() {
        SessionServiceBlockingStub stub = sessions(api.newAccessToken());
        String id = stub.startSession(StartSessionRequest.getDefaultInstance()).getSessionId();
        stub.getSessionStatus(get(id)); // cached now: the update must still show
        Struct context = Struct.newBuilder()
                .putFields("turns", Value.newBuilder().setListValue(ListValue.newBuilder()
                        .addValues(str("hello")).addValues(num(3))).build())
                .putFields("preferences", Value.newBuilder().setStructValue(Struct.newBuilder()
                        .putFields("units", str("metric"))).build())
                .build();
        Session updated = stub.updateSessionConfig(UpdateSessionConfigRequest.newBuilder().setSessionId(id)
                .setContextData(context)
                .setVoiceConfig(VoiceConfig.newBuilder().setPitch(0.5))
                .build());
        assertThat(updated.getContextData()).isEqualTo(context);
        assertThat(updated.getVoiceConfig().getPitch()).isEqualTo(0.5);
        assertThat(updated.getVoiceConfig().getSpeed()).isEqualTo(1.0);
        assertThat(stub.getSessionStatus(get(id)).getContextData()).isEqualTo(context);

        // Voice only: the context stays as it was.
        Session voiceOnly = stub.updateSessionConfig(UpdateSessionConfigRequest.newBuilder().setSessionId(id)
                .setVoiceConfig(VoiceConfig.newBuilder().setVoiceId("nova")).build());
        assertThat(voiceOnly.getVoiceConfig().getVoiceId()).isEqualTo("nova");
        assertThat(voiceOnly.getVoiceConfig().getPitch()).isEqualTo(0.5);
        assertThat(voiceOnly.getContextData()).isEqualTo(context);
    }

    @Test
    void stopEndsTheSessionAndIsIdempotent() {
        SessionServiceBlockingStub stub = sessions(api.newAccessToken());
        String id = stub.startSession(StartSessionRequest.getDefaultInstance()).getSessionId();
        StopSessionResponse stopped = stub.stopSession(StopSessionRequest.newBuilder().setSessionId(id).build());
        assertThat(stopped.getSuccess()).isTrue();
        assertThat(stopped.getMessage()).isEqualTo("Session ended successfully");
        Session s = stub.getSessionStatus(get(id));
        assertThat(s.getStatus()).isEqualTo(SessionStatus.SESSION_STATUS_ENDED);
        assertThat(s.hasEndedAt()).isTrue();
        assertThat(stub.stopSession(StopSessionRequest.newBuilder().setSessionId(id).build()).getSuccess()).isTrue();

        StatusRuntimeException closed = failure(() -> stub.updateSessionConfig(UpdateSessionConfigRequest
                .newBuilder().setSessionId(id).setContextData(Struct.getDefaultInstance()).build()));
        assertThat(closed.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(closed.getTrailers().get(GrpcErrors.ERROR_CODE)).isEqualTo("session_closed");
    }

    @Test
    void listPagesThroughEverySessionNewestFirstAndFiltersByStatus() {
        SessionServiceBlockingStub stub = sessions(api.newAccessToken());
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(0, stub.startSession(StartSessionRequest.getDefaultInstance()).getSessionId());
        }
        List<String> seen = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            ListSessionsResponse page = stub.listSessions(ListSessionsRequest.newBuilder().setPageSize(2)
                    .setPageToken(token).build());
            assertThat(page.getSessionsCount()).isBetween(1, 2);
            page.getSessionsList().forEach(s -> seen.add(s.getSessionId()));
            token = page.getNextPageToken();
            pages++;
        } while (!token.isEmpty() && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(created);

        assertThat(stub.listSessions(ListSessionsRequest.getDefaultInstance()).getSessionsCount()).isEqualTo(5);
        stub.stopSession(StopSessionRequest.newBuilder().setSessionId(created.get(2)).build());
        ListSessionsResponse ended = stub.listSessions(ListSessionsRequest.newBuilder()
                .setStatus(SessionStatus.SESSION_STATUS_ENDED).build());
        assertThat(ended.getSessionsList()).extracting(Session::getSessionId).containsExactly(created.get(2));
        assertThat(ended.getNextPageToken()).isEmpty();
        assertThat(stub.listSessions(ListSessionsRequest.newBuilder()
                .setStatus(SessionStatus.SESSION_STATUS_PENDING).build()).getSessionsCount()).isEqualTo(4);
    }

    @Test
    void invalidInputIsInvalidArgumentNamingTheFieldWithTheRestMessage() {
        String token = api.newAccessToken();
        SessionServiceBlockingStub stub = sessions(token);
        StatusRuntimeException e = failure(() -> stub.startSession(StartSessionRequest.newBuilder()
                .setAudioConfig(AudioConfig.newBuilder().setSampleRate(44100)).build()));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).startsWith("audioConfig.sampleRate: ");
        assertThat(e.getTrailers().get(GrpcErrors.ERROR_CODE)).isEqualTo("validation_error");
        // REST refuses the same input with the same message.
        Response rest = api.post("/api/session/create", "{\"audioConfig\":{\"sampleRate\":44100}}", token);
        assertThat(rest.status()).isEqualTo(400);
        assertThat(rest.errorMessage()).isEqualTo(e.getStatus().getDescription());

        // Set to 0 is not "unset": it is validated, not replaced by the default.
        assertThat(failure(() -> stub.startSession(StartSessionRequest.newBuilder()
                .setAudioConfig(AudioConfig.newBuilder().setChannels(0)).build())).getStatus().getDescription())
                .startsWith("audioConfig.channels: ");
        assertThat(failure(() -> stub.startSession(StartSessionRequest.newBuilder()
                .setVoiceConfig(VoiceConfig.newBuilder().setSpeed(9)).build())).getStatus().getDescription())
                .startsWith("voiceConfig.speed: ");
        assertThat(failure(() -> stub.startSession(StartSessionRequest.newBuilder()
                .setVoiceConfig(VoiceConfig.newBuilder().setLanguage("not a tag")).build())).getStatus()
                .getDescription()).startsWith("voiceConfig.language: ");

        String id = stub.startSession(StartSessionRequest.getDefaultInstance()).getSessionId();
        StatusRuntimeException empty = failure(() -> stub.updateSessionConfig(UpdateSessionConfigRequest
                .newBuilder().setSessionId(id).build()));
        assertThat(empty.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(empty.getStatus().getDescription()).startsWith("body: ");
        StatusRuntimeException audio = failure(() -> stub.updateSessionConfig(UpdateSessionConfigRequest
                .newBuilder().setSessionId(id).setAudioConfig(AudioConfig.newBuilder().setSampleRate(8000)).build()));
        assertThat(audio.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(audio.getStatus().getDescription()).startsWith("audioConfig: ");
        assertThat(api.patch("/api/session/" + id, "{\"audioConfig\":{\"sampleRate\":8000}}", token).errorMessage())
                .isEqualTo(audio.getStatus().getDescription());
        Struct big = Struct.newBuilder().putFields("blob", str("x".repeat(65 * 1024))).build();
        assertThat(failure(() -> stub.updateSessionConfig(UpdateSessionConfigRequest.newBuilder().setSessionId(id)
                .setContextData(big).build())).getStatus().getDescription()).startsWith("contextData: ");

        assertThat(failure(() -> stub.listSessions(ListSessionsRequest.newBuilder().setPageSize(0).build()))
                .getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(failure(() -> stub.listSessions(ListSessionsRequest.newBuilder().setPageToken("garbage!")
                .build())).getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(failure(() -> stub.listSessions(ListSessionsRequest.newBuilder().setStatusValue(99).build()))
                .getStatus().getDescription()).startsWith("status: ");
    }

    @Test
    void anotherUsersSessionIsNotFoundJustLikeAnUnknownOne() {
        SessionServiceBlockingStub alice = sessions(api.newAccessToken());
        SessionServiceBlockingStub bob = sessions(api.newAccessToken());
        String id = alice.startSession(StartSessionRequest.getDefaultInstance()).getSessionId();
        alice.getSessionStatus(get(id)); // in the cache too

        for (StatusRuntimeException e : List.of(
                failure(() -> bob.getSessionStatus(get(id))),
                failure(() -> bob.stopSession(StopSessionRequest.newBuilder().setSessionId(id).build())),
                failure(() -> bob.updateSessionConfig(UpdateSessionConfigRequest.newBuilder().setSessionId(id)
                        .setContextData(Struct.getDefaultInstance()).build())),
                failure(() -> alice.getSessionStatus(get(UUID.randomUUID().toString()))))) {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
            assertThat(e.getStatus().getDescription()).isEqualTo("Session not found");
        }
        // A malformed id is a bad argument, named, whatever the RPC.
        for (StatusRuntimeException e : List.of(
                failure(() -> alice.getSessionStatus(get("not-a-uuid"))),
                failure(() -> alice.getSessionStatus(get(""))),
                failure(() -> alice.stopSession(StopSessionRequest.newBuilder().setSessionId("x").build())),
                failure(() -> alice.updateSessionConfig(UpdateSessionConfigRequest.newBuilder().setSessionId(
                        id.toUpperCase() + "0").setContextData(Struct.getDefaultInstance()).build())))) {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).startsWith("session_id:");
        }
        assertThat(bob.listSessions(ListSessionsRequest.getDefaultInstance()).getSessionsCount()).isZero();
        assertThat(alice.getSessionStatus(get(id)).getStatus()).isEqualTo(SessionStatus.SESSION_STATUS_PENDING);
    }

    @Test
    void aSessionStartedOverGrpcIsTheSameSessionOverRest() {
        String token = api.newAccessToken();
        SessionServiceBlockingStub stub = sessions(token);
        String id = stub.startSession(StartSessionRequest.newBuilder()
                .setAudioConfig(AudioConfig.newBuilder().setCodec("pcm"))
                .setMetadata(Struct.newBuilder().putFields("clientVersion", str("9.9")))
                .build()).getSessionId();
        stub.updateSessionConfig(UpdateSessionConfigRequest.newBuilder().setSessionId(id)
                .setContextData(Struct.newBuilder().putFields("count", num(3))).build());

        Response r = api.get("/api/session/" + id, token);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text("sessionId")).isEqualTo(id);
        assertThat(r.text("status")).isEqualTo("pending");
        assertThat(r.body().at("/audioConfig/codec").asString()).isEqualTo("pcm");
        assertThat(r.body().at("/metadata/clientVersion").asString()).isEqualTo("9.9");
        assertThat(r.body().at("/contextData/count").isIntegralNumber()).isTrue();
        assertThat(r.body().at("/contextData/count").asInt()).isEqualTo(3);

        stub.stopSession(StopSessionRequest.newBuilder().setSessionId(id).build());
        assertThat(api.get("/api/session/" + id, token).text("status")).isEqualTo("ended");
    }

    @Test
    void aSessionCreatedOverRestIsTheSameSessionOverGrpc() {
        String token = api.newAccessToken();
        String id = api.post("/api/session/create", "{\"audioConfig\":{\"sampleRate\":24000},"
                + "\"voiceConfig\":{\"voiceId\":\"aria\"},\"metadata\":{\"clientVersion\":\"2.0\"}}", token)
                .text("sessionId");
        api.patch("/api/session/" + id, "{\"contextData\":{\"topic\":\"weather\",\"n\":1.5,\"ok\":true,"
                + "\"none\":null}}", token);
        Response rest = api.get("/api/session/" + id, token);
        SessionServiceBlockingStub stub = sessions(token);

        Session s = stub.getSessionStatus(get(id));
        assertThat(s.getAudioConfig().getSampleRate()).isEqualTo(24000);
        assertThat(s.getVoiceConfig().getVoiceId()).isEqualTo("aria");
        assertThat(s.getMetadata().getFieldsOrThrow("clientVersion").getStringValue()).isEqualTo("2.0");
        assertThat(s.getContextData().getFieldsOrThrow("topic").getStringValue()).isEqualTo("weather");
        assertThat(s.getContextData().getFieldsOrThrow("n").getNumberValue()).isEqualTo(1.5);
        assertThat(s.getContextData().getFieldsOrThrow("ok").getBoolValue()).isTrue();
        assertThat(s.getContextData().getFieldsOrThrow("none").hasNullValue()).isTrue();
        assertThat(Instant.ofEpochSecond(s.getUpdatedAt().getSeconds(), s.getUpdatedAt().getNanos()))
                .isEqualTo(Instant.parse(rest.text("updatedAt")));
        assertThat(Instant.ofEpochSecond(s.getExpiresAt().getSeconds(), s.getExpiresAt().getNanos()))
                .isEqualTo(Instant.parse(rest.text("expiresAt")));

        assertThat(stub.listSessions(ListSessionsRequest.getDefaultInstance()).getSessionsList())
                .extracting(Session::getSessionId).containsExactly(id);

        api.delete("/api/session/" + id, token);
        assertThat(stub.getSessionStatus(get(id)).getStatus()).isEqualTo(SessionStatus.SESSION_STATUS_ENDED);
    }
}
