package com.jarvis.ingress.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.grpc.v1.ListSessionsRequest;
import com.jarvis.ingress.grpc.v1.SessionServiceGrpc;
import com.jarvis.ingress.grpc.v1.StartSessionRequest;
import com.jarvis.ingress.support.GrpcIntegrationTest;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The same authentication rules as REST, over gRPC metadata. */
class GrpcAuthIT extends GrpcIntegrationTest {

    private static void assertUnauthenticated(StatusRuntimeException e, String code) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(e.getTrailers().get(GrpcErrors.ERROR_CODE)).isEqualTo(code);
    }

    @Test
    void noTokenIsUnauthenticated() {
        assertUnauthenticated(failure(() -> sessions(null).startSession(StartSessionRequest.getDefaultInstance())),
                "missing_token");
        assertUnauthenticated(failure(() -> sessions(null).listSessions(ListSessionsRequest.getDefaultInstance())),
                "missing_token");
    }

    @Test
    void garbageOrNonBearerTokensAreUnauthenticated() {
        assertUnauthenticated(failure(() -> sessions("not.a.jwt")
                .startSession(StartSessionRequest.getDefaultInstance())), "invalid_token");
        Metadata basic = new Metadata();
        basic.put(AUTHORIZATION, "Basic dXNlcjpwYXNz");
        SessionServiceGrpc.SessionServiceBlockingStub stub = SessionServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(basic))
                .withDeadlineAfter(20, TimeUnit.SECONDS);
        assertUnauthenticated(failure(() -> stub.startSession(StartSessionRequest.getDefaultInstance())),
                "invalid_token");
        // A refresh token is not an access token.
        String refresh = api.register("device-" + java.util.UUID.randomUUID()).get("refreshToken").asString();
        assertThat(failure(() -> sessions(refresh).startSession(StartSessionRequest.getDefaultInstance()))
                .getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    @Test
    void aTokenRevokedOverRestIsRefusedAtOnce() {
        String token = api.newAccessToken();
        assertThat(sessions(token).listSessions(ListSessionsRequest.getDefaultInstance()).getSessionsCount()).isZero();
        assertThat(api.post("/api/auth/revoke", null, token).status()).isEqualTo(200);
        assertUnauthenticated(failure(() -> sessions(token).startSession(StartSessionRequest.getDefaultInstance())),
                "token_revoked");
    }
}
