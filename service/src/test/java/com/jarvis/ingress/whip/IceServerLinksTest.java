package com.jarvis.ingress.whip;

import static org.assertj.core.api.Assertions.assertThat;

import com.jarvis.ingress.webrtc.IceServer;
import java.util.List;
import org.junit.jupiter.api.Test;

class IceServerLinksTest {
    @Test
    void oneLinkPerUrlWithQuotedCredentials() {
        List<String> links = IceServerLinks.of(List.of(
                new IceServer(List.of("stun:stun.example.net"), null, null),
                new IceServer(List.of("turn:turn.example.net?transport=udp",
                        "turns:turn.example.net:5349?transport=tcp"), "1700000000:user", "pa\"ss\\word")));
        assertThat(links).containsExactly(
                "<stun:stun.example.net>; rel=\"ice-server\"",
                "<turn:turn.example.net?transport=udp>; rel=\"ice-server\"; username=\"1700000000:user\"; "
                        + "credential=\"pa\\\"ss\\\\word\"; credential-type=\"password\"",
                "<turns:turn.example.net:5349?transport=tcp>; rel=\"ice-server\"; username=\"1700000000:user\"; "
                        + "credential=\"pa\\\"ss\\\\word\"; credential-type=\"password\"");
        assertThat(IceServerLinks.of(List.of())).isEmpty();
    }
}
