package com.jarvis.ingress.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientAddressTest {

    @Test
    void socketAddressByDefaultEvenWhenForwardedForIsSent() {
        assertThat(ClientAddress.resolve("192.0.2.10", "203.0.113.5", false)).isEqualTo("192.0.2.10");
    }

    @Test
    void firstForwardedHopWhenTheProxyIsTrusted() {
        assertThat(ClientAddress.resolve("10.0.0.2", "203.0.113.5, 10.0.0.9, 10.0.0.2", true)).isEqualTo("203.0.113.5");
        assertThat(ClientAddress.resolve("10.0.0.2", " 2001:DB8::1 ", true)).isEqualTo("2001:db8::1");
    }

    @Test
    void portsAndBracketsAreStripped() {
        assertThat(ClientAddress.resolve("10.0.0.2", "203.0.113.5:4711", true)).isEqualTo("203.0.113.5");
        assertThat(ClientAddress.resolve("10.0.0.2", "[2001:db8::7]:443", true)).isEqualTo("2001:db8::7");
    }

    @Test
    void garbageInForwardedForFallsBackToTheSocketAddress() {
        assertThat(ClientAddress.resolve("10.0.0.2", "unknown", true)).isEqualTo("10.0.0.2");
        assertThat(ClientAddress.resolve("10.0.0.2", "", true)).isEqualTo("10.0.0.2");
        assertThat(ClientAddress.resolve("10.0.0.2", "1.2.3.4\r\nX: y", true)).isEqualTo("10.0.0.2");
        assertThat(ClientAddress.resolve("10.0.0.2", "a".repeat(500), true)).isEqualTo("10.0.0.2");
        assertThat(ClientAddress.resolve("10.0.0.2", null, true)).isEqualTo("10.0.0.2");
    }
}
