package com.jarvis.ingress.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jarvis.ingress.cache.CacheKeys;
import com.jarvis.ingress.cache.InProcessCache;
import com.jarvis.ingress.config.IngressConfig;
import com.jarvis.ingress.config.IngressConfigLoader;
import com.jarvis.ingress.error.ServiceException;
import com.jarvis.ingress.observability.IngressMetrics;
import com.jarvis.ingress.support.InMemoryDatabase;
import com.jarvis.ingress.support.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Registration, rotation, theft detection and revocation without Spring or a network: the real repositories on an
 * in-memory H2 with the migrations, the in-process cache and a clock the test moves.
 */
class AuthServiceTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef";

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private InMemoryDatabase db;
    private InProcessCache cache;
    private TokenFamilyRepository families;
    private IngressConfig config;

    @BeforeEach
    void setUp() {
        db = new InMemoryDatabase();
        cache = new InProcessCache(clock, 1000);
        families = new TokenFamilyRepository(db.jdbc());
        config = IngressConfigLoader.load(Map.of("DATA_DIR", dataDir.toString(), "JWT_SECRET", SECRET)::get).config();
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private AuthService auth(AuthPolicy policy) {
        return auth(policy, new DeviceRepository(db.jdbc()));
    }

    private AuthService auth(AuthPolicy policy, DeviceRepository devices) {
        return new AuthService(devices, families,
                new LoginRepository(db.jdbc(), db.tx(), false), cache, config, db.tx(), clock,
                new IngressMetrics(meters), policy);
    }

    private AuthService lenient() {
        return auth(new AuthPolicy(false, false));
    }

    private static void assertRefused(ThrowingCallable call, ServiceException.Kind kind, String code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ServiceException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.code()).isEqualTo(code);
        });
    }

    private double attempts(String status) {
        return meters.counter("ingress.auth.attempts", "status", status).count();
    }

    @Test
    void aNewIdentifierRegistersAndItsAccessTokenAuthenticates() {
        AuthService auth = lenient();
        Registration r = auth.register("kitchen-speaker", null);

        AuthenticatedDevice device = auth.authenticate(r.accessToken());
        assertThat(device.userId()).hasToString(r.userId());
        assertThat(r.deviceToken()).isNotBlank();
        assertThat(r.expiresIn()).isEqualTo(config.accessTokenExpiresIn());
        assertThat(attempts(IngressMetrics.AUTH_SUCCESS)).isEqualTo(1.0);
    }

    @Test
    void aKnownIdentifierNeedsItsDeviceToken() {
        AuthService auth = lenient();
        Registration first = auth.register("kitchen-speaker", null);

        assertRefused(() -> auth.register("kitchen-speaker", null), ServiceException.Kind.CONFLICT,
                "device_already_registered");
        assertRefused(() -> auth.register("kitchen-speaker", "wrong"), ServiceException.Kind.UNAUTHENTICATED,
                "invalid_device_token");
        Registration again = auth.register("kitchen-speaker", first.deviceToken());

        assertThat(again.userId()).isEqualTo(first.userId());
        assertThat(again.deviceToken()).isEqualTo(first.deviceToken());
        assertThat(auth.authenticate(again.accessToken()).familyId())
                .as("a new login is a new token family")
                .isNotEqualTo(auth.authenticate(first.accessToken()).familyId());
        assertThat(attempts(IngressMetrics.AUTH_CONFLICT)).isEqualTo(1.0);
        assertThat(attempts(IngressMetrics.AUTH_FAILURE)).isEqualTo(1.0);
    }

    @Test
    void identifierOnlyMigrationSignsInAndReplacesTheDeviceToken() {
        Registration first = lenient().register("kitchen-speaker", null);
        Registration again = auth(new AuthPolicy(false, true)).register("kitchen-speaker", null);

        assertThat(again.userId()).isEqualTo(first.userId());
        assertThat(again.deviceToken()).isNotEqualTo(first.deviceToken());
        assertRefused(() -> lenient().register("kitchen-speaker", first.deviceToken()),
                ServiceException.Kind.UNAUTHENTICATED, "invalid_device_token");
    }

    @Test
    void lenientRotationKeepsASpecClientThatNeverAdoptsSuccessors() {
        AuthService auth = lenient();
        Registration r = auth.register("kitchen-speaker", null);

        Refreshed once = auth.refresh(r.refreshToken());
        Refreshed twice = auth.refresh(r.refreshToken());
        Refreshed thrice = auth.refresh(r.refreshToken());

        assertThat(auth.authenticate(thrice.accessToken()).userId()).hasToString(r.userId());
        assertThat(once.refreshToken()).isNotEqualTo(r.refreshToken());
        // each reuse withdrew the unused successor: only the latest one still rotates
        assertRefused(() -> auth.refresh(once.refreshToken()), ServiceException.Kind.UNAUTHENTICATED, "invalid_token");
        assertThat(auth.refresh(thrice.refreshToken()).accessToken()).isNotBlank();
        assertThat(twice).isNotNull();
    }

    @Test
    void aUsedTokenWhoseSuccessorWasUsedIsTheftAndRevokesTheLogin() {
        AuthService auth = lenient();
        Registration r = auth.register("kitchen-speaker", null);
        Refreshed adopted = auth.refresh(r.refreshToken());
        Refreshed next = auth.refresh(adopted.refreshToken());

        assertRefused(() -> auth.refresh(r.refreshToken()), ServiceException.Kind.UNAUTHENTICATED, "token_reused");

        assertRefused(() -> auth.refresh(next.refreshToken()), ServiceException.Kind.UNAUTHENTICATED, "token_revoked");
        assertRefused(() -> auth.authenticate(next.accessToken()), ServiceException.Kind.UNAUTHENTICATED,
                "token_revoked");
        assertRefused(() -> auth.authenticate(r.accessToken()), ServiceException.Kind.UNAUTHENTICATED, "token_revoked");
    }

    @Test
    void strictRotationTreatsAnyReuseAsTheft() {
        AuthService auth = auth(new AuthPolicy(true, false));
        Registration r = auth.register("kitchen-speaker", null);
        Refreshed next = auth.refresh(r.refreshToken());

        assertRefused(() -> auth.refresh(r.refreshToken()), ServiceException.Kind.UNAUTHENTICATED, "token_reused");
        assertRefused(() -> auth.refresh(next.refreshToken()), ServiceException.Kind.UNAUTHENTICATED, "token_revoked");
    }

    @Test
    void revokeLogsTheDeviceOutAtOnce() {
        AuthService auth = lenient();
        Registration r = auth.register("kitchen-speaker", null);
        AuthenticatedDevice device = auth.authenticate(r.accessToken()); // family state now cached

        auth.revoke(device);

        assertRefused(() -> auth.authenticate(r.accessToken()), ServiceException.Kind.UNAUTHENTICATED, "token_revoked");
        assertRefused(() -> auth.refresh(r.refreshToken()), ServiceException.Kind.UNAUTHENTICATED, "token_revoked");
        assertThat(auth.register("kitchen-speaker", null).userId())
                .as("a revoked device's identifier registers afresh").isNotEqualTo(r.userId());
    }

    @Test
    void aFamilyStateIsServedFromTheCacheForAtMostItsTtl() {
        AuthService auth = lenient();
        Registration r = auth.register("kitchen-speaker", null);
        AuthenticatedDevice device = auth.authenticate(r.accessToken());
        assertThat(cache.get(CacheKeys.tokenFamily(device.familyId()))).isPresent();

        // revoked behind the service's back (as another instance whose cache delete was lost would)
        families.revokeFamily(device.familyId(), clock.instant());
        assertThat(auth.authenticate(r.accessToken())).isEqualTo(device);

        clock.advance(AuthService.FAMILY_STATE_TTL.plusSeconds(1));
        assertRefused(() -> auth.authenticate(r.accessToken()), ServiceException.Kind.UNAUTHENTICATED, "token_revoked");
    }

    @Test
    void aNewLoginsFamilyStateIsCachedAtIssueSoItsFirstCallReadsNoDatabase() {
        AuthService auth = lenient();
        Registration r = auth.register("kitchen-speaker", null);
        UUID familyId = new JwtCodec(config.jwtSecret(), clock).verify(r.accessToken(), TokenType.ACCESS).familyId();
        assertThat(cache.get(CacheKeys.tokenFamily(familyId))).isPresent();

        // revoked in the database only: the first call is still served, so it was answered from the cache
        families.revokeFamily(familyId, clock.instant());
        assertThat(auth.authenticate(r.accessToken()).familyId()).isEqualTo(familyId);
        clock.advance(AuthService.FAMILY_STATE_TTL.plusSeconds(1));
        assertRefused(() -> auth.authenticate(r.accessToken()), ServiceException.Kind.UNAUTHENTICATED, "token_revoked");
    }

    @Test
    void aTokenNamingAnotherUsersFamilyIsInvalid() {
        AuthService auth = lenient();
        AuthenticatedDevice alice = auth.authenticate(auth.register("alice", null).accessToken());
        AuthenticatedDevice mallory = auth.authenticate(auth.register("mallory", null).accessToken());
        JwtCodec jwt = new JwtCodec(config.jwtSecret(), clock);

        String forged = jwt.sign(TokenType.ACCESS, mallory.userId(), mallory.deviceId(), alice.familyId(),
                UUID.randomUUID(), Duration.ofMinutes(5));
        assertRefused(() -> auth.authenticate(forged), ServiceException.Kind.UNAUTHENTICATED, "invalid_token");
        String unknownFamily = jwt.sign(TokenType.ACCESS, alice.userId(), alice.deviceId(), UUID.randomUUID(),
                UUID.randomUUID(), Duration.ofMinutes(5));
        assertRefused(() -> auth.authenticate(unknownFamily), ServiceException.Kind.UNAUTHENTICATED, "invalid_token");
        String refreshAsAccess = auth.register("bob", null).refreshToken();
        assertRefused(() -> auth.authenticate(refreshAsAccess), ServiceException.Kind.UNAUTHENTICATED, "invalid_token");
    }

    @Test
    void aDeviceRevokedWhileItSignsInGetsNoLoginOnTheRevokedDevice() {
        AuthService auth = lenient();
        Registration first = auth.register("kitchen-speaker", null);
        AuthenticatedDevice old = auth.authenticate(first.accessToken());
        // The device's own revoke commits right after sign-in has found the device live, before its login is written.
        AtomicBoolean revokeOnce = new AtomicBoolean(true);
        DeviceRepository racing = new DeviceRepository(db.jdbc()) {
            @Override
            public Optional<DeviceRecord> findLive(String identifier) {
                Optional<DeviceRecord> found = super.findLive(identifier);
                if (found.isPresent() && revokeOnce.getAndSet(false)) {
                    auth.revoke(old);
                }
                return found;
            }
        };

        Registration again = auth(new AuthPolicy(false, false), racing).register("kitchen-speaker", first.deviceToken());

        // As if the revoke had come first: the identifier registers afresh, and the revoked device has no live login.
        AuthenticatedDevice now = auth.authenticate(again.accessToken());
        assertThat(now.deviceId()).isNotEqualTo(old.deviceId());
        assertThat(again.userId()).isNotEqualTo(first.userId());
        assertThat(db.jdbc().sql("SELECT count(*) FROM token_families WHERE device_id = ? AND revoked_at IS NULL")
                .param(old.deviceId()).query(Long.class).single()).isZero();
    }

    @ParameterizedTest(name = "the request stalls {0} s after the revoke")
    @ValueSource(ints = {0, 31})
    void aCacheMissRacingARevokeDoesNotLeaveTheRevokedLoginCachedAsActive(int stallSeconds) {
        AuthService plain = lenient();
        Registration r = plain.register("kitchen-speaker", null);
        AuthenticatedDevice device = plain.authenticate(r.accessToken());
        clock.advance(AuthService.FAMILY_STATE_TTL.plusSeconds(1)); // the cached state has expired
        // A request reads the family from the database; the device's revoke commits before it writes the cache,
        // and the request may stall (a GC pause) until the revocation's own cache entry has expired.
        AtomicBoolean revokeOnce = new AtomicBoolean(true);
        families = new TokenFamilyRepository(db.jdbc()) {
            @Override
            Optional<TokenFamilyState> state(UUID familyId) {
                Optional<TokenFamilyState> read = super.state(familyId);
                if (revokeOnce.getAndSet(false)) {
                    plain.revoke(device);
                    clock.advance(Duration.ofSeconds(stallSeconds));
                }
                return read;
            }
        };
        AuthService racing = lenient();

        assertThat(racing.authenticate(r.accessToken())).as("read before the revoke committed").isEqualTo(device);

        assertRefused(() -> racing.authenticate(r.accessToken()), ServiceException.Kind.UNAUTHENTICATED,
                "token_revoked");
        assertRefused(() -> plain.authenticate(r.accessToken()), ServiceException.Kind.UNAUTHENTICATED,
                "token_revoked");
    }
}
