package com.jarvis.ingress.web;

import com.jarvis.ingress.config.EnvReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Settings of the HTTP edge, from the environment.
 *
 * @param trustProxy  TRUST_PROXY: believe X-Forwarded-For / X-Forwarded-Proto (only behind a proxy that sets them)
 * @param corsOrigins CORS_ORIGINS: origins allowed to call /api from a browser; empty means no CORS headers at all;
 *                    {@code *} (any origin) is refused in production
 */
public record WebSecurityConfig(boolean trustProxy, List<String> corsOrigins) {
    private static final Pattern ORIGIN = Pattern.compile("https?://[a-z0-9.-]+(:[0-9]{1,5})?|https?://\\[[0-9a-f:.]+\\](:[0-9]{1,5})?");

    public WebSecurityConfig {
        corsOrigins = List.copyOf(corsOrigins);
    }

    public boolean corsEnabled() {
        return !corsOrigins.isEmpty();
    }

    public boolean anyOrigin() {
        return corsOrigins.contains("*");
    }

    public boolean allows(String origin) {
        return anyOrigin() || origin != null && corsOrigins.contains(origin.toLowerCase(Locale.ROOT));
    }

    public static WebSecurityConfig load(Function<String, String> env) {
        EnvReader r = new EnvReader(env);
        boolean trustProxy = r.bool("TRUST_PROXY", false);
        List<String> origins = new ArrayList<>();
        for (String part : r.text("CORS_ORIGINS", "").split(",")) {
            String o = part.trim().toLowerCase(Locale.ROOT);
            while (o.endsWith("/")) {
                o = o.substring(0, o.length() - 1);
            }
            if (o.isEmpty()) {
                continue;
            }
            if (o.equals("*")) {
                if (r.production()) {
                    r.problem("CORS_ORIGINS must list origins explicitly when NODE_ENV=production ('*' is for development)");
                }
            } else if (!ORIGIN.matcher(o).matches()) {
                r.problem("CORS_ORIGINS entries must be origins like https://app.example.com (got '" + part.trim() + "')");
            }
            origins.add(o);
        }
        r.throwIfProblems();
        return new WebSecurityConfig(trustProxy, origins);
    }
}
