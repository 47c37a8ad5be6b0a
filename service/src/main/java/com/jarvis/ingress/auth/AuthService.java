package com.jarvis.ingress.auth;

import com.jarvis.ingress.cache.CacheKeys;
import com.jarvis.ingress.cache.KeyValueCache;
import com.jarvis.ingress.config.IngressConfig;
import com.jarvis.ingress.observability.IngressMetrics;
import com.jarvis.ingress.error.ServiceException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Device authentication: registration (new identifier, or a known one proven with its device token), access and
 * refresh tokens, refresh rotation with reuse detection, and revocation that takes effect on the next request.
 */
@Service
public class AuthService {
    private static final Logger log = LoggerFactory.getLogger(AuthService.class);
    /** How long a family's "still valid" answer may be served from the cache; revocation deletes it at once. */
    static final Duration FAMILY_STATE_TTL = Duration.ofSeconds(30);
    /** A family-state fill slower than this caches nothing; meanwhile that family's requests read the database. */
    static final Duration FAMILY_LEASE_TTL = Duration.ofSeconds(5);

    private final DeviceRepository devices;
    private final TokenFamilyRepository families;
    private final LoginRepository logins;
    private final JwtCodec jwt;
    private final VerifiedAccessTokens accessTokens;
    private final KeyValueCache cache;
    private final IngressConfig config;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final IngressMetrics metrics;
    private final AuthPolicy policy;

    public AuthService(DeviceRepository devices, TokenFamilyRepository families, LoginRepository logins,
                       KeyValueCache cache, IngressConfig config, TransactionTemplate tx, Clock clock,
                       IngressMetrics metrics, AuthPolicy policy) {
        this.policy = policy;
        this.devices = devices;
        this.families = families;
        this.logins = logins;
        this.jwt = new JwtCodec(config.jwtSecret(), clock);
        this.accessTokens = new VerifiedAccessTokens(jwt, clock);
        this.cache = cache;
        this.config = config;
        this.tx = tx;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * A new identifier creates a user and a device. A known one must present that device's token: without it the
     * answer is 409, with a wrong one 401; nobody gets tokens for someone else's device.
     */
    public Registration register(String identifier, String presentedDeviceToken) {
        return counted(() -> registerRetryingRevokedDevice(identifier, presentedDeviceToken), true);
    }

    /**
     * A device revoked between finding it and writing its login: registering again then answers as if the revoke
     * had come first (the identifier is free again, so it is a new device), which is what a later register gets.
     */
    private Registration registerRetryingRevokedDevice(String identifier, String presentedDeviceToken) {
        for (int attempt = 1; ; attempt++) {
            try {
                return doRegister(identifier, presentedDeviceToken);
            } catch (DeviceRevokedMeanwhile e) {
                if (attempt == 3) {
                    throw ServiceException.conflict("device_revoked",
                            "This device was logged out while signing in; register again");
                }
            }
        }
    }

    private Registration doRegister(String identifier, String presentedDeviceToken) {
        Instant now = clock.instant();
        Optional<DeviceRecord> existing = devices.findLive(identifier);
        if (existing.isEmpty()) {
            String deviceToken = TokenHasher.newDeviceToken();
            DeviceRecord device = new DeviceRecord(UUID.randomUUID(), UUID.randomUUID(), identifier,
                    TokenHasher.hash(deviceToken), now, null);
            try {
                // User, device, token family and refresh token: one atomic write.
                return issue(device, deviceToken, now, login -> {
                    logins.insertWithNewDevice(device, login);
                    return true;
                });
            } catch (DuplicateKeyException raced) {
                // Another request registered the same identifier a moment ago: treat it as known.
                existing = devices.findLive(identifier);
                if (existing.isEmpty()) {
                    throw raced;
                }
            }
        }
        DeviceRecord device = existing.get();
        if (presentedDeviceToken == null && policy.identifierOnlyRegistration()) {
            // Migration from the original service: the identifier alone signs in. The device gets a new device
            // token (only its hash is kept, so the old one cannot be returned); logged, as it weakens sign-in.
            log.warn("Identifier-only sign-in of device {} (REGISTER_ALLOW_IDENTIFIER_ONLY); its device token was "
                    + "replaced", device.id());
            String deviceToken = TokenHasher.newDeviceToken();
            return tx.execute(s -> {
                devices.replaceToken(device.id(), TokenHasher.hash(deviceToken));
                return issue(device, deviceToken, now, logins::insert);
            });
        }
        if (presentedDeviceToken == null) {
            throw ServiceException.conflict("device_already_registered",
                    "This deviceIdentifier is already registered; send its deviceToken to sign in again");
        }
        if (!TokenHasher.matches(presentedDeviceToken, device.tokenHash())) {
            throw ServiceException.unauthenticated("invalid_device_token", "deviceToken does not match this device");
        }
        return issue(device, presentedDeviceToken, now, logins::insert);
    }

    /**
     * A new login of the device: its token family and first refresh token, written by {@code store}, which answers
     * false when the device has been revoked meanwhile (then {@link DeviceRevokedMeanwhile} is thrown).
     */
    private Registration issue(DeviceRecord device, String deviceToken, Instant now, Predicate<NewLogin> store) {
        UUID familyId = UUID.randomUUID();
        UUID refreshId = UUID.randomUUID();
        String refresh = jwt.sign(TokenType.REFRESH, device.userId(), device.id(), familyId, refreshId,
                config.refreshTokenTtl());
        // The new login's first calls come within seconds: its state is known here, so they need no database read.
        // Written before the rows: a revoke that commits after them sees the family and deletes this entry after
        // it was written, never before. If the rows are not written, no token of this family ever leaves.
        cacheFamily(familyId, new TokenFamilyState(device.userId(), device.id(), true));
        boolean stored = false;
        try {
            stored = store.test(new NewLogin(familyId, device.id(), refreshId, TokenHasher.hash(refresh), now,
                    now.plus(config.refreshTokenTtl())));
        } finally {
            if (!stored) {
                cache.delete(CacheKeys.tokenFamily(familyId));
            }
        }
        if (!stored) {
            throw new DeviceRevokedMeanwhile();
        }
        String access = accessToken(device.userId(), device.id(), familyId);
        return new Registration(device.userId().toString(), deviceToken, access, refresh, config.accessTokenExpiresIn());
    }

    /**
     * Rotates: the presented refresh token is consumed and a successor issued. Presenting a used token again is
     * theft, and revokes its whole family, when its successor has been used too (or always, with strict rotation);
     * otherwise the client simply never adopted the successor, which is withdrawn and replaced.
     */
    public Refreshed refresh(String refreshToken) {
        return counted(() -> doRefresh(refreshToken), true);
    }

    private Refreshed doRefresh(String refreshToken) {
        TokenClaims claims = jwt.verify(refreshToken, TokenType.REFRESH);
        RefreshTokenRecord stored = families.findRefreshToken(claims.tokenId())
                .filter(r -> r.familyId().equals(claims.familyId()) && TokenHasher.matches(refreshToken, r.tokenHash()))
                .orElseThrow(() -> ServiceException.unauthenticated("invalid_token", "Token is invalid"));
        TokenFamilyState family = families.state(claims.familyId()).filter(f -> f.ownedBy(claims))
                .orElseThrow(() -> ServiceException.unauthenticated("invalid_token", "Token is invalid"));
        if (!family.active()) {
            throw ServiceException.unauthenticated("token_revoked", "Token has been revoked");
        }
        Instant now = clock.instant();
        Refreshed result = tx.execute(s -> {
            UUID next = UUID.randomUUID();
            boolean firstUse = families.markUsed(stored.id(), next, now);
            // A used token again: a spec client that never adopted its successor, unless that successor was used.
            if (!firstUse && (policy.strictRefreshRotation() || !replaceUnusedSuccessor(stored.id(), next))) {
                s.setRollbackOnly();
                return null;
            }
            String token = newRefreshToken(next, claims.userId(), claims.deviceId(), claims.familyId(), now);
            return new Refreshed(accessToken(claims.userId(), claims.deviceId(), claims.familyId()), token,
                    config.accessTokenExpiresIn());
        });
        if (result == null) {
            families.revokeFamily(claims.familyId(), now);
            cacheRevoked(claims.familyId(), claims.userId(), claims.deviceId());
            log.warn("Refresh token reuse detected; revoked token family {} of device {}", claims.familyId(),
                    claims.deviceId());
            throw ServiceException.unauthenticated("token_reused",
                    "Refresh token was already used; this login has been revoked, register again");
        }
        return result;
    }

    /**
     * Lenient rotation's replacement of a never-adopted successor; false when the successor was used (theft).
     * Retried when a concurrent refresh with the same token replaced it first, which is the same client racing
     * itself (two refreshes at app start), not theft.
     */
    private boolean replaceUnusedSuccessor(UUID tokenId, UUID next) {
        for (int attempt = 0; attempt < 3; attempt++) {
            RefreshTokenRecord current = families.findRefreshToken(tokenId).orElse(null);
            if (current == null || current.successorId() != null && families.isUsed(current.successorId())) {
                return false;
            }
            if (families.replaceUnusedSuccessor(tokenId, current.successorId(), next)) {
                return true;
            }
        }
        return false;
    }

    /** Logs the device out everywhere: its device token, and every access and refresh token it holds. */
    public void revoke(AuthenticatedDevice caller) {
        Instant now = clock.instant();
        List<UUID> familyIds = tx.execute(s -> {
            devices.revoke(caller.deviceId(), now);
            return families.revokeAllOfDevice(caller.deviceId(), now);
        });
        for (UUID familyId : familyIds) {
            cacheRevoked(familyId, caller.userId(), caller.deviceId());
        }
    }

    /** Verifies an access token and that its login is still live (cached briefly, invalidated on revocation). */
    public AuthenticatedDevice authenticate(String accessToken) {
        return counted(() -> doAuthenticate(accessToken), false);
    }

    /**
     * Counts an attempt in ingress_auth_attempts_total: register and refresh always; access-token checks (every API
     * call) only when refused, so that "success" means tokens issued. Outages (5xx) are not attempts.
     */
    private <T> T counted(Supplier<T> attempt, boolean countSuccess) {
        try {
            T result = attempt.get();
            if (countSuccess) {
                metrics.authAttempt(IngressMetrics.AUTH_SUCCESS);
            }
            return result;
        } catch (ServiceException e) {
            switch (e.kind()) {
                case UNAUTHENTICATED -> metrics.authAttempt(IngressMetrics.AUTH_FAILURE);
                case CONFLICT -> metrics.authAttempt(IngressMetrics.AUTH_CONFLICT);
                case TOO_MANY_REQUESTS -> metrics.authAttempt(IngressMetrics.AUTH_RATE_LIMITED);
                default -> { }
            }
            throw e;
        }
    }

    private AuthenticatedDevice doAuthenticate(String accessToken) {
        TokenClaims claims = accessTokens.verify(accessToken);
        String key = CacheKeys.tokenFamily(claims.familyId());
        TokenFamilyState family = cache.get(key).flatMap(TokenFamilyState::decode).orElse(null);
        if (family == null) {
            // What is cached is the family's own state, whoever asked; an unknown family is not cached at all. The
            // lease, taken before the read, makes the fill lose to any revocation stored after it, however late.
            String lease = cache.lease(key, FAMILY_LEASE_TTL);
            family = families.state(claims.familyId())
                    .orElseThrow(() -> ServiceException.unauthenticated("invalid_token", "Token is invalid"));
            if (lease != null) {
                cache.putIfLeased(key, lease, family.encode(), FAMILY_STATE_TTL);
            }
        }
        if (!family.ownedBy(claims)) {
            throw ServiceException.unauthenticated("invalid_token", "Token is invalid");
        }
        if (!family.admits(claims)) {
            throw ServiceException.unauthenticated("token_revoked", "Token has been revoked");
        }
        return new AuthenticatedDevice(claims.userId(), claims.deviceId(), claims.familyId());
    }

    /** A new login's family (a new key): only into an empty entry, so never over a revocation. */
    private void cacheFamily(UUID familyId, TokenFamilyState family) {
        cache.putIfAbsent(CacheKeys.tokenFamily(familyId), family.encode(), FAMILY_STATE_TTL);
    }

    /** After the revocation has committed: "revoked" over whatever is cached, outliving fills that read before it. */
    private void cacheRevoked(UUID familyId, UUID userId, UUID deviceId) {
        cache.replace(CacheKeys.tokenFamily(familyId), new TokenFamilyState(userId, deviceId, false).encode(),
                FAMILY_STATE_TTL);
    }

    private String accessToken(UUID userId, UUID deviceId, UUID familyId) {
        return jwt.sign(TokenType.ACCESS, userId, deviceId, familyId, UUID.randomUUID(), config.accessTokenTtl());
    }

    private String newRefreshToken(UUID id, UUID userId, UUID deviceId, UUID familyId, Instant now) {
        String token = jwt.sign(TokenType.REFRESH, userId, deviceId, familyId, id, config.refreshTokenTtl());
        families.insertRefreshToken(id, familyId, TokenHasher.hash(token), now, now.plus(config.refreshTokenTtl()));
        return token;
    }

    /** The device was revoked after it was found and before its login was written: nothing was written. */
    private static final class DeviceRevokedMeanwhile extends RuntimeException {
        DeviceRevokedMeanwhile() {
            super(null, null, false, false);
        }
    }
}
