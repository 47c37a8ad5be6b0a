package com.jarvis.ingress.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.grpc.v1.ListSessionsRequest;
import com.jarvis.ingress.grpc.v1.SessionServiceGrpc;
import com.jarvis.ingress.grpc.v1.StartSessionRequest;
import com.jarvis.ingress.support.GrpcIntegrationTest;
import io.grpc.Metadata;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The standard services beside the API, and request ids. */
@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
class GrpcInfrastructureIT extends GrpcIntegrationTest {

    @Test
    void healthServiceAnswersServing() {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS);
        assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus())
                .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        assertThat(health.check(HealthCheckRequest.newBuilder().setService("jarvis.ingress.v1.SessionService")
                .build()).getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    @Test
    void reflectionListsTheSessionService() throws Exception {
        CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse value) {
                        answer.complete(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        answer.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        answer.completeExceptionally(new IllegalStateException("no answer"));
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        List<String> names = answer.get(10, TimeUnit.SECONDS).getListServicesResponse().getServiceList().stream()
                .map(ServiceResponse::getName).toList();
        requests.onCompleted();
        assertThat(names).contains("jarvis.ingress.v1.SessionService", "grpc.health.v1.Health");
    }

    @Test
    void theRequestIdIsOnTheCallsLogLines(org.springframework.boot.test.system.CapturedOutput output) {
        String token = api.newAccessToken();
        Metadata given = new Metadata();
        given.put(AUTHORIZATION, "Bearer " + token);
        given.put(RequestIdInterceptor.REQUEST_ID, "grpc-log-line-7781");
        SessionServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(given))
                .withDeadlineAfter(20, TimeUnit.SECONDS)
                .listSessions(ListSessionsRequest.getDefaultInstance());
        assertThat(output.getOut().lines().filter(l -> l.contains("grpc-log-line-7781")))
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l).contains("\"requestId\":\"grpc-log-line-7781\"")
                        .contains("jarvis.ingress.v1.SessionService/ListSessions").doesNotContain(token));
    }

    @Test
    void theClientsRequestIdIsEchoedAndOneIsMadeWhenAbsent() {
        String token = api.newAccessToken();
        Metadata given = new Metadata();
        given.put(AUTHORIZATION, "Bearer " + token);
        given.put(RequestIdInterceptor.REQUEST_ID, "req-abc-123");
        AtomicReference<Metadata> headers = new AtomicReference<>();
        AtomicReference<Metadata> trailers = new AtomicReference<>();
        SessionServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(given),
                        MetadataUtils.newCaptureMetadataInterceptor(headers, trailers))
                .withDeadlineAfter(20, TimeUnit.SECONDS)
                .listSessions(ListSessionsRequest.getDefaultInstance());
        assertThat(headers.get().get(RequestIdInterceptor.REQUEST_ID)).isEqualTo("req-abc-123");

        sessions(token).withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(headers, trailers))
                .listSessions(ListSessionsRequest.getDefaultInstance());
        assertThat(headers.get().get(RequestIdInterceptor.REQUEST_ID)).matches("[0-9a-f-]{36}");

        // Refused before any header is sent: the id comes back with the status.
        Metadata anonymous = new Metadata();
        anonymous.put(RequestIdInterceptor.REQUEST_ID, "req-refused");
        AtomicReference<Metadata> refusedHeaders = new AtomicReference<>();
        AtomicReference<Metadata> refusedTrailers = new AtomicReference<>();
        failure(() -> SessionServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(anonymous),
                        MetadataUtils.newCaptureMetadataInterceptor(refusedHeaders, refusedTrailers))
                .withDeadlineAfter(20, TimeUnit.SECONDS)
                .startSession(StartSessionRequest.getDefaultInstance()));
        assertThat(refusedTrailers.get().get(RequestIdInterceptor.REQUEST_ID)).isEqualTo("req-refused");
    }
}
