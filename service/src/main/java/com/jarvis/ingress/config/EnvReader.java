package com.jarvis.ingress.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Typed reads of environment variables for the feature configurations that live beside {@link IngressConfig}
 * (rate limits, web security). Like {@link IngressConfigLoader} it collects every problem and fails once, listing
 * them all, through {@link #throwIfProblems()}.
 */
public final class EnvReader {
    private final Function<String, String> env;
    private final List<String> problems;

    public EnvReader(Function<String, String> env) {
        this(env, new ArrayList<>());
    }

    /** Reports into the caller's list, for a loader that also checks things of its own. */
    EnvReader(Function<String, String> env, List<String> problems) {
        this.env = env;
        this.problems = problems;
    }

    public String text(String name, String fallback) {
        String v = env.apply(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    public boolean bool(String name, boolean fallback) {
        String v = text(name, null);
        if (v == null) {
            return fallback;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> {
                problems.add(name + " must be true or false (got '" + v + "')");
                yield fallback;
            }
        };
    }

    public int integer(String name, int fallback, int min, int max) {
        String v = text(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                problems.add(name + " must be between " + min + " and " + max + " (got " + n + ")");
            }
            return n;
        } catch (NumberFormatException e) {
            problems.add(name + " must be a whole number (got '" + v + "')");
            return fallback;
        }
    }

    public void problem(String message) {
        problems.add(message);
    }

    /** NODE_ENV=production, read the same way as {@link IngressConfigLoader} does. */
    public boolean production() {
        return "production".equalsIgnoreCase(text("NODE_ENV", "development"));
    }

    public void throwIfProblems() {
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
    }
}
