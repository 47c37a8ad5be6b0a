package com.jarvis.ingress.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TurnCredentialsTest {
    static final String SECRET = "north-secret-0123456789abcdef0123456789";
    static final String USER = "4f1c2a9e-0000-4000-8000-000000000001";
    static final Clock AT_1700000000 = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
    static final List<String> URLS = List.of("turn:turn.example.com:3478?transport=udp");

    @Test
    void mintsCoturnsRestCredentialForTheUserValidForTheTtl() {
        IceServer s = new TurnCredentials(SECRET, URLS, Duration.ofHours(1), AT_1700000000).mint(USER);

        assertThat(s.urls()).isEqualTo(URLS);
        assertThat(s.username()).isEqualTo("1700003600:" + USER);
        // printf %s '1700003600:<USER>' | openssl dgst -binary -sha1 -hmac '<SECRET>' | base64
        assertThat(s.credential()).isEqualTo("1lreX5hqHgTKlhLS1/qs6inZvK8=");
    }

    @Test
    void theExpiryFollowsTheClockAndTtlAndTheSecretChangesThePassword() {
        IceServer day = new TurnCredentials(SECRET, URLS, Duration.ofDays(1), AT_1700000000).mint(USER);
        assertThat(day.username()).isEqualTo("1700086400:" + USER);

        IceServer other = new TurnCredentials(SECRET + "x", URLS, Duration.ofHours(1), AT_1700000000).mint(USER);
        assertThat(other.username()).isEqualTo("1700003600:" + USER);
        assertThat(other.credential()).isNotEqualTo("1lreX5hqHgTKlhLS1/qs6inZvK8=");
    }
}
