package com.jarvis.ingress.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.jarvis.ingress.grpc.v1.GetSessionStatusRequest;
import com.jarvis.ingress.grpc.v1.SessionServiceGrpc.SessionServiceBlockingStub;
import com.jarvis.ingress.grpc.v1.StartSessionRequest;
import com.jarvis.ingress.grpc.v1.UpdateSessionConfigRequest;
import com.jarvis.ingress.support.GrpcIntegrationTest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

/** Structs no client should send: refused as INVALID_ARGUMENT naming the field, never UNKNOWN or stored altered. */
class GrpcHostileInputIT extends GrpcIntegrationTest {

    private static Struct nested(int levels) {
        Struct s = Struct.newBuilder().putFields("leaf", Value.newBuilder().setNumberValue(1).build()).build();
        for (int i = 1; i < levels; i++) {
            s = Struct.newBuilder().putFields("a", Value.newBuilder().setStructValue(s).build()).build();
        }
        return s;
    }

    private static Struct number(double d) {
        return Struct.newBuilder().putFields("x", Value.newBuilder().setNumberValue(d).build()).build();
    }

    @Test
    void deeplyNestedStructsAreInvalidArgument() {
        SessionServiceBlockingStub stub = sessions(api.newAccessToken());
        String id = stub.startSession(StartSessionRequest.getDefaultInstance()).getSessionId();
        for (int levels : new int[] {90, 200}) {
            StatusRuntimeException update = failure(() -> stub.updateSessionConfig(UpdateSessionConfigRequest
                    .newBuilder().setSessionId(id).setContextData(nested(levels)).build()));
            assertThat(update.getStatus().getCode()).as(levels + " levels").isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(update.getStatus().getDescription()).contains(levels == 90 ? "contextData" : "request");
            StatusRuntimeException start = failure(() -> stub.startSession(StartSessionRequest.newBuilder()
                    .setMetadata(nested(levels)).build()));
            assertThat(start.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(start.getStatus().getDescription()).contains(levels == 90 ? "metadata" : "request");
        }
        // Shallow enough is fine, and the session is unharmed by the refused calls.
        stub.updateSessionConfig(UpdateSessionConfigRequest.newBuilder().setSessionId(id).setContextData(nested(20))
                .build());
        assertThat(stub.getSessionStatus(GetSessionStatusRequest.newBuilder().setSessionId(id).build())
                .getContextData().getFieldsMap()).containsKey("a");
    }

    @Test
    void nonFiniteNumbersAreRefusedNotTurnedIntoStrings() {
        SessionServiceBlockingStub stub = sessions(api.newAccessToken());
        String id = stub.startSession(StartSessionRequest.getDefaultInstance()).getSessionId();
        for (double d : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            StatusRuntimeException e = failure(() -> stub.updateSessionConfig(UpdateSessionConfigRequest.newBuilder()
                    .setSessionId(id).setContextData(number(d)).build()));
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).isEqualTo("contextData.x: must be a finite number");
            StatusRuntimeException start = failure(() -> stub.startSession(StartSessionRequest.newBuilder()
                    .setMetadata(number(d)).build()));
            assertThat(start.getStatus().getDescription()).isEqualTo("metadata.x: must be a finite number");
        }
        assertThat(stub.getSessionStatus(GetSessionStatusRequest.newBuilder().setSessionId(id).build())
                .getContextData().getFieldsCount()).isZero();
    }
}
