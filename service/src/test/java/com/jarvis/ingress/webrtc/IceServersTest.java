package com.jarvis.ingress.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IceServersTest {
    @Test
    void ipv6HostsAreBracketedInStunUrls() {
        assertThat(IceServers.hostForUrl("203.0.113.20")).isEqualTo("203.0.113.20");
        assertThat(IceServers.hostForUrl("media.example.com")).isEqualTo("media.example.com");
        assertThat(IceServers.hostForUrl("2001:db8::20")).isEqualTo("[2001:db8::20]");
    }

    @Test
    void turnEntriesCarryCredentialsAndStunEntriesDoNot() {
        assertThat(WebRtcController.iceServersJson(List.of(IceServer.stun("stun:a:3478"),
                new IceServer(List.of("turn:a:3478?transport=udp"), "1:u", "c"))))
                .containsExactly(java.util.Map.of("urls", List.of("stun:a:3478")),
                        java.util.Map.of("urls", List.of("turn:a:3478?transport=udp"), "username", "1:u", "credential", "c"));
    }
}
