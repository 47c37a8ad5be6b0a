package com.jarvis.ingress.grpc;

import com.jarvis.ingress.grpc.v1.SessionEvent;
import com.jarvis.ingress.grpc.v1.SessionStateEvent;
import com.jarvis.ingress.grpc.v1.TranscriptEvent;
import com.jarvis.ingress.session.Transcript;
import com.jarvis.ingress.session.events.EventSink;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;

/**
 * Writes session events to a WatchSession stream. Honours flow control: while the client does not read,
 * {@link #ready()} is false and events wait (bounded) in the subscription, which the call's onReady handler wakes.
 */
final class GrpcEventSink implements EventSink {
    private final ServerCallStreamObserver<SessionEvent> call;

    GrpcEventSink(ServerCallStreamObserver<SessionEvent> call) {
        this.call = call;
    }

    @Override
    public boolean ready() {
        return call.isReady() || call.isCancelled();
    }

    @Override
    public void send(com.jarvis.ingress.session.events.SessionEvent event) {
        if (call.isCancelled()) {
            throw Status.CANCELLED.asRuntimeException();
        }
        call.onNext(toProto(event));
    }

    /** HTTP/2 keeps the connection open by itself; a cancelled call is noticed here at the latest. */
    @Override
    public void heartbeat() {
        if (call.isCancelled()) {
            throw Status.CANCELLED.asRuntimeException();
        }
    }

    @Override
    public void complete() {
        if (!call.isCancelled()) {
            call.onCompleted();
        }
    }

    @Override
    public void abort(String reason) {
        if (!call.isCancelled()) {
            call.onError(Status.UNAVAILABLE.withDescription("Session events interrupted (" + reason + "); reconnect")
                    .asRuntimeException());
        }
    }

    static SessionEvent toProto(com.jarvis.ingress.session.events.SessionEvent event) {
        SessionEvent.Builder b = SessionEvent.newBuilder().setSessionId(event.sessionId().toString());
        if (event instanceof com.jarvis.ingress.session.events.SessionEvent.State s) {
            SessionStateEvent.Builder state = SessionStateEvent.newBuilder()
                    .setStatus(SessionGrpcService.status(s.status()));
            if (s.at() != null) {
                state.setAt(ProtoJson.timestamp(s.at()));
            }
            b.setState(state);
        } else if (event instanceof com.jarvis.ingress.session.events.SessionEvent.Heard h) {
            Transcript t = h.transcript();
            TranscriptEvent.Builder heard = TranscriptEvent.newBuilder().setText(t.text()).setIsFinal(t.isFinal())
                    .setConfidence(t.confidence());
            if (t.at() != null) {
                heard.setAt(ProtoJson.timestamp(t.at()));
            }
            b.setTranscript(heard);
        }
        return b.build();
    }
}
