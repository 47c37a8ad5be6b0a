package com.jarvis.ingress.auth;

import com.jarvis.ingress.error.ServiceException;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * Signs and verifies HS256 JWTs. The algorithm is pinned: a token whose header names anything else (none, RS256,
 * HS512...) is refused before any signature check.
 */
public final class JwtCodec {
    static final String ISSUER = "jarvis-ingress";
    private static final JOSEObjectType JWT = JOSEObjectType.JWT;
    /** Tolerated clock difference between instances for nbf and iat. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private final MACSigner signer;
    private final MACVerifier verifier;
    private final Clock clock;

    public JwtCodec(byte[] secret, Clock clock) {
        try {
            this.signer = new MACSigner(secret);
            this.verifier = new MACVerifier(secret);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("JWT secret rejected: " + e.getMessage(), e);
        }
        this.clock = clock;
    }

    public String sign(TokenType type, UUID userId, UUID deviceId, UUID familyId, UUID tokenId, Duration ttl) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(userId.toString())
                .jwtID(tokenId.toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .claim("typ", type.claim())
                .claim("did", deviceId.toString())
                .claim("fid", familyId.toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JWT).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("Signing failed", e);
        }
        return jwt.serialize();
    }

    /** @throws ServiceException UNAUTHENTICATED {@code invalid_token} or {@code token_expired} */
    public TokenClaims verify(String token, TokenType expected) {
        if (token == null || token.isEmpty() || token.length() > 4096) {
            throw invalid();
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || jwt.getHeader().getCriticalParams() != null) {
                throw invalid();
            }
            if (!jwt.verify(verifier)) {
                throw invalid();
            }
            JWTClaimsSet c = jwt.getJWTClaimsSet();
            if (!ISSUER.equals(c.getIssuer()) || !expected.claim().equals(c.getStringClaim("typ"))) {
                throw invalid();
            }
            Date exp = c.getExpirationTime();
            Date iat = c.getIssueTime();
            if (exp == null || iat == null) {
                throw invalid();
            }
            Instant now = clock.instant();
            if (!now.isBefore(exp.toInstant())) {
                throw ServiceException.unauthenticated("token_expired", "Token has expired");
            }
            // Not valid yet (nbf), or issued in the future: only a holder of the secret can make such a token.
            Date nbf = c.getNotBeforeTime();
            if (nbf != null && now.plus(CLOCK_SKEW).isBefore(nbf.toInstant())
                    || now.plus(CLOCK_SKEW).isBefore(iat.toInstant())) {
                throw invalid();
            }
            return new TokenClaims(expected, uuid(c.getSubject()), uuid(c.getStringClaim("did")),
                    uuid(c.getStringClaim("fid")), uuid(c.getJWTID()), iat.toInstant(), exp.toInstant());
        } catch (ParseException | JOSEException | IllegalArgumentException e) {
            throw invalid();
        }
    }

    private static UUID uuid(String s) {
        if (s == null) {
            throw new IllegalArgumentException("missing claim");
        }
        return UUID.fromString(s);
    }

    private static ServiceException invalid() {
        return ServiceException.unauthenticated("invalid_token", "Token is invalid");
    }
}
