package com.jarvis.ingress.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jarvis.ingress.auth.AuthenticatedDevice;
import com.jarvis.ingress.auth.DeviceRecord;
import com.jarvis.ingress.auth.DeviceRepository;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rules of sessions without Spring or a network: the real repository on an in-memory H2 with the migrations,
 * the in-process cache and a clock the test moves.
 */
class SessionServiceTest {
    private static final Duration TTL = Duration.ofMinutes(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<UUID> closed = new ArrayList<>();
    private final List<String> published = new ArrayList<>();
    private InMemoryDatabase db;
    private SessionService sessions;
    private SessionCache sessionCache;
    private AuthenticatedDevice alice;
    private AuthenticatedDevice bob;

    @BeforeEach
    void setUp() {
        db = new InMemoryDatabase();
        IngressConfig config = IngressConfigLoader.load(Map.of("DATA_DIR", dataDir.toString(),
                "JWT_SECRET", "x".repeat(48), "SESSION_TTL", TTL.toMinutes() + "m", "INSTANCE_ID", "test-1")::get).config();
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("closedRecorder", (SessionLifecycleListener) s -> closed.add(s.id()));
        beans.addBean("eventRecorder", new SessionEventPublisher() {
            @Override
            public void stateChanged(UUID id, SessionStatus status, Instant at) {
                published.add(status.wire());
            }

            @Override
            public void transcript(UUID id, Transcript transcript) {
                published.add("transcript");
            }
        });
        sessionCache = new SessionCache(new InProcessCache(clock, 1000), JSON);
        this.config = config;
        this.beans = beans;
        sessions = service(new SessionRepository(db.jdbc(), JSON));
        alice = device("alice");
        bob = device("bob");
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private IngressConfig config;
    private StaticListableBeanFactory beans;

    private SessionService service(SessionRepository repository) {
        return new SessionService(repository, sessionCache, config, JSON, db.tx(), clock,
                beans.getBeanProvider(SessionLifecycleListener.class), beans.getBeanProvider(SessionEventPublisher.class),
                new IngressMetrics(meters));
    }

    private AuthenticatedDevice device(String identifier) {
        DeviceRecord d = new DeviceRepository(db.jdbc()).createWithUser(identifier, "hash", clock.instant());
        return new AuthenticatedDevice(d.userId(), d.id(), UUID.randomUUID());
    }

    @Test
    void aCreatedSessionIsCachedForTheConnectPath() {
        Session s = sessions.create(alice, CreateSession.DEFAULTS);
        // transport/create reads it next: from the cache, without a database query.
        assertThat(sessionCache.get(s.id())).contains(s);
    }

    @Test
    void createWithoutSettingsTakesTheDefaults() {
        Session s = sessions.create(alice, CreateSession.DEFAULTS);

        assertThat(s.status()).isEqualTo(SessionStatus.PENDING);
        assertThat(s.audioConfig()).isEqualTo(AudioConfig.DEFAULT);
        assertThat(s.voiceConfig()).isEqualTo(VoiceConfig.DEFAULT);
        assertThat(s.metadata()).isEqualTo("{}");
        assertThat(s.contextData()).isEqualTo("{}");
        assertThat(s.expiresAt()).isEqualTo(clock.instant().plus(TTL));
        assertThat(sessions.get(alice, s.id())).isEqualTo(s);
        assertThat(meters.counter("ingress.sessions").count()).isEqualTo(1.0);
    }

    @Test
    void createAppliesTheRequestedSettingsOverTheDefaults() {
        Session s = sessions.create(alice, new CreateSession(new AudioConfigPatch(48000, null, null, "pcm"),
                new VoiceConfigPatch(null, 1.5, null, "fr-fr"), new JsonDocument("{\"app\":\"kitchen\"}")));

        Session stored = sessions.get(alice, s.id());
        assertThat(stored.audioConfig()).isEqualTo(new AudioConfig(48000, 1, 16, "pcm"));
        assertThat(stored.voiceConfig()).isEqualTo(new VoiceConfig("default", 1.5, 1.0, "fr-FR"));
        assertThat(stored.metadata()).isEqualTo("{\"app\":\"kitchen\"}");
    }

    @Test
    void invalidSettingsAndOversizedMetadataAreRefusedNamingTheField() {
        assertThatThrownBy(() -> new AudioConfigPatch(44100, null, null, null))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ServiceException.Kind.INVALID);
                    assertThat(e.code()).isEqualTo("validation_error");
                    assertThat(e.getMessage()).isEqualTo("audioConfig.sampleRate: must be one of 8000, 16000, 24000, 48000");
                });
        assertThatThrownBy(() -> new VoiceConfigPatch(null, Double.NaN, null, null))
                .hasMessage("voiceConfig.speed: must be a finite number");
        String big = "{\"x\":\"" + "a".repeat(SessionService.MAX_METADATA_BYTES) + "\"}";
        assertThatThrownBy(() -> sessions.create(alice,
                new CreateSession(AudioConfigPatch.NONE, VoiceConfigPatch.NONE, new JsonDocument(big))))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ServiceException.Kind.INVALID);
                    assertThat(e.getMessage()).isEqualTo("metadata: must be at most 4 KiB of JSON");
                });
        assertThat(sessions.list(alice, null, null, null).sessions()).isEmpty();
    }

    @Test
    void anotherUsersSessionIsNotFoundLikeAnUnknownOne() {
        Session s = sessions.create(alice, CreateSession.DEFAULTS);

        for (UUID id : List.of(s.id(), UUID.randomUUID())) {
            assertThatThrownBy(() -> sessions.get(bob, id))
                    .isInstanceOfSatisfying(ServiceException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ServiceException.Kind.NOT_FOUND);
                        assertThat(e.code()).isEqualTo("not_found");
                        assertThat(e.getMessage()).isEqualTo("Session not found");
                    });
        }
        assertThatThrownBy(() -> sessions.update(bob, s.id(), new UpdateSession(JsonDocument.EMPTY, null)))
                .isInstanceOfSatisfying(ServiceException.class,
                        e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> sessions.end(bob, s.id())).isInstanceOf(ServiceException.class);
        assertThat(sessions.get(alice, s.id()).status()).isEqualTo(SessionStatus.PENDING);
    }

    @Test
    void updateReplacesContextAndMergesVoice() {
        Session s = sessions.create(alice, new CreateSession(AudioConfigPatch.NONE,
                new VoiceConfigPatch("nova", 1.2, null, null), JsonDocument.EMPTY));
        clock.advance(Duration.ofSeconds(5));

        Session updated = sessions.update(alice, s.id(),
                new UpdateSession(new JsonDocument("{\"room\":\"kitchen\"}"), new VoiceConfigPatch(null, null, 0.8, null)));

        assertThat(updated.contextData()).isEqualTo("{\"room\":\"kitchen\"}");
        assertThat(updated.voiceConfig()).isEqualTo(new VoiceConfig("nova", 1.2, 0.8, "en-US"));
        assertThat(updated.updatedAt()).isEqualTo(clock.instant());
        assertThat(sessions.get(alice, s.id())).as("the cache was evicted").isEqualTo(updated);
        assertThatThrownBy(() -> new UpdateSession(null, null))
                .hasMessage("body: must contain contextData and/or voiceConfig");
    }

    @Test
    void aLoadRacingAnEndNeverCachesTheSessionAsOpen() {
        Session s = sessions.create(alice, CreateSession.DEFAULTS);
        sessions.markActive(s.id()); // evicted: the next read loads it from the database
        // That load reads the session, and the end (here, or on another instance) is stored before the load caches it.
        SessionService loading = serviceWhoseFirstReadIsFollowedBy(id -> sessions.end(alice, id));

        assertThat(loading.get(alice, s.id()).status()).as("read before the end").isEqualTo(SessionStatus.ACTIVE);

        assertThat(sessions.get(alice, s.id()).status()).isEqualTo(SessionStatus.ENDED);
        assertThat(sessions.isOpen(s.id())).isFalse();
        clock.advance(SessionCache.CHANGED_TTL.plusMillis(1)); // the write's mark is gone: loads are cached again
        assertThat(sessions.get(alice, s.id()).status()).isEqualTo(SessionStatus.ENDED);
        assertThat(sessionCache.get(s.id())).map(Session::status).contains(SessionStatus.ENDED);
    }

    @Test
    void aLoadStalledPastTheWritesMarkStillNeverCachesTheOldSession() {
        Session s = sessions.create(alice, CreateSession.DEFAULTS);
        sessions.markActive(s.id());
        clock.advance(SessionCache.CHANGED_TTL.plusMillis(1));
        // The load reads the session; the end is stored; then the loader stalls (a GC pause, a slow network) past
        // the end's one-second mark before it writes what it read to the cache.
        SessionService loading = serviceWhoseFirstReadIsFollowedBy(id -> {
            sessions.end(alice, id);
            clock.advance(SessionCache.CHANGED_TTL.plusMillis(1));
        });

        assertThat(loading.get(alice, s.id()).status()).as("read before the end").isEqualTo(SessionStatus.ACTIVE);

        assertThat(sessionCache.get(s.id())).as("nothing cached by the stalled load").isEmpty();
        assertThat(sessions.isOpen(s.id())).isFalse();
        assertThat(sessionCache.get(s.id())).map(Session::status).contains(SessionStatus.ENDED);
    }

    /** A service on the same database whose first session read runs {@code then} before it returns what it read. */
    private SessionService serviceWhoseFirstReadIsFollowedBy(java.util.function.Consumer<UUID> then) {
        AtomicBoolean once = new AtomicBoolean(true);
        return service(new SessionRepository(db.jdbc(), JSON) {
            @Override
            public Optional<Session> find(UUID id) {
                Optional<Session> read = super.find(id);
                if (once.getAndSet(false)) {
                    then.accept(id);
                }
                return read;
            }
        });
    }

    @Test
    void aClosedSessionCannotChange() {
        Session s = sessions.create(alice, CreateSession.DEFAULTS);
        sessions.end(alice, s.id());
        sessions.end(alice, s.id()); // idempotent

        assertThat(closed).containsExactly(s.id());
        assertThat(published).containsExactly("ended");
        assertThatThrownBy(() -> sessions.update(alice, s.id(), new UpdateSession(JsonDocument.EMPTY, null)))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ServiceException.Kind.CONFLICT);
                    assertThat(e.code()).isEqualTo("session_closed");
                    assertThat(e.getMessage()).isEqualTo("Session is ended and can no longer change");
                });
    }

    @Test
    void listPagesNewestFirstAndFiltersByStatus() {
        List<UUID> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(sessions.create(alice, CreateSession.DEFAULTS).id());
        }
        sessions.create(bob, CreateSession.DEFAULTS);
        sessions.end(alice, created.get(0));

        List<UUID> seen = new ArrayList<>();
        String cursor = null;
        List<Integer> pageSizes = new ArrayList<>();
        do {
            SessionPage page = sessions.list(alice, 2, cursor, null);
            pageSizes.add(page.sessions().size());
            page.sessions().forEach(s -> seen.add(s.id()));
            cursor = page.nextCursor();
        } while (cursor != null);

        assertThat(pageSizes).containsExactly(2, 2, 1);
        List<UUID> newestFirst = new ArrayList<>(created);
        Collections.reverse(newestFirst);
        assertThat(seen).containsExactlyElementsOf(newestFirst);
        assertThat(sessions.list(alice, null, null, "ended").sessions()).extracting(Session::id)
                .containsExactly(created.get(0));
        assertThatThrownBy(() -> sessions.list(alice, 0, null, null)).hasMessage("limit: must be between 1 and 100");
        assertThatThrownBy(() -> sessions.list(alice, 101, null, null)).hasMessage("limit: must be between 1 and 100");
        assertThatThrownBy(() -> sessions.list(alice, null, null, "open"))
                .hasMessage("status: must be one of pending, active, ended, expired");
    }

    @Test
    void sessionsExpireOnceTheirTtlHasPassed() {
        Session early = sessions.create(alice, CreateSession.DEFAULTS);
        clock.advance(Duration.ofMinutes(10));
        Session late = sessions.create(alice, CreateSession.DEFAULTS);
        sessions.get(alice, early.id()); // cached: expiry must evict it

        clock.advance(TTL.minusMinutes(10).minusSeconds(1));
        assertThat(sessions.expireDue(200)).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(sessions.expireDue(200)).isEqualTo(1);
        assertThat(sessions.expireDue(200)).as("each session expires once").isZero();

        assertThat(sessions.get(alice, early.id()).status()).isEqualTo(SessionStatus.EXPIRED);
        assertThat(sessions.get(alice, early.id()).endedAt()).isEqualTo(clock.instant());
        assertThat(sessions.get(alice, late.id()).status()).isEqualTo(SessionStatus.PENDING);
        assertThat(closed).containsExactly(early.id());
        assertThat(published).containsExactly("expired");
    }

    @Test
    void flowingMediaKeepsASessionAlive() {
        Session s = sessions.create(alice, CreateSession.DEFAULTS);
        clock.advance(TTL.minusMinutes(1));
        sessions.extendExpiry(s.id());
        clock.advance(Duration.ofMinutes(2));

        assertThat(sessions.expireDue(200)).isZero();
        assertThat(sessions.get(alice, s.id()).expiresAt()).isEqualTo(clock.instant().minusSeconds(120).plus(TTL));
    }

    @Test
    void extendingOrCheckingASessionThatIsNoLongerOpenSaysSoSoItsMediaCanBeLetGo() {
        Session s = sessions.create(alice, CreateSession.DEFAULTS);
        assertThat(sessions.extendExpiry(s.id())).isTrue();
        assertThat(sessions.isOpen(s.id())).isTrue();

        sessions.end(alice, s.id());

        assertThat(sessions.extendExpiry(s.id())).isFalse();
        assertThat(sessions.isOpen(s.id())).isFalse();
        assertThat(sessions.extendExpiry(UUID.randomUUID())).as("unknown").isFalse();
    }
}
