package com.jarvis.ingress.auth;

import com.jarvis.ingress.config.EnvReader;
import java.util.function.Function;

/**
 * How strict authentication is with clients of the original service (docs/api.md, "Clients of the original
 * service").
 *
 * @param strictRefreshRotation {@code REFRESH_ROTATION=strict}: a refresh token works once, a second use revokes
 *        the login. Default {@code lenient}: reusing a refresh token is theft only once its successor has been
 *        used; a client that never adopts successors (a spec client) keeps refreshing with its first token.
 * @param identifierOnlyRegistration {@code REGISTER_ALLOW_IDENTIFIER_ONLY=true}: a known deviceIdentifier without
 *        its deviceToken signs in (the original service's behaviour) instead of 409; for fleets migrating.
 */
public record AuthPolicy(boolean strictRefreshRotation, boolean identifierOnlyRegistration) {
    /** What NODE_ENV=production needs to accept identifier-only registration: the operator says they know. */
    static final String ACKNOWLEDGEMENT = "I_UNDERSTAND_ANYONE_KNOWING_AN_IDENTIFIER_CAN_SIGN_IN";

    public static AuthPolicy load(Function<String, String> env) {
        EnvReader r = new EnvReader(env);
        String rotation = r.text("REFRESH_ROTATION", "lenient");
        if (!rotation.equals("lenient") && !rotation.equals("strict")) {
            r.problem("REFRESH_ROTATION must be lenient or strict (got '" + rotation + "')");
        }
        boolean identifierOnly = r.bool("REGISTER_ALLOW_IDENTIFIER_ONLY", false);
        if (identifierOnly && r.production()
                && !ACKNOWLEDGEMENT.equals(r.text("REGISTER_ALLOW_IDENTIFIER_ONLY_ACK", ""))) {
            r.problem("REGISTER_ALLOW_IDENTIFIER_ONLY=true lets anyone who knows a deviceIdentifier sign in as that "
                    + "device; with NODE_ENV=production it also needs REGISTER_ALLOW_IDENTIFIER_ONLY_ACK="
                    + ACKNOWLEDGEMENT);
        }
        r.throwIfProblems();
        return new AuthPolicy(rotation.equals("strict"), identifierOnly);
    }
}
