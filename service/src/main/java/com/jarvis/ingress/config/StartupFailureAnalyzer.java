package com.jarvis.ingress.config;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/** Prints configuration and database start-up failures as a short, clear message instead of a stack trace. */
public class StartupFailureAnalyzer implements FailureAnalyzer {
    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidConfigurationException e) {
                return new FailureAnalysis(e.getMessage(),
                        "Fix the environment variables listed above (see README.md, Configuration) and start again.", e);
            }
            if (t instanceof DatabaseUnreachableException e) {
                return new FailureAnalysis(e.getMessage(),
                        "Check DATABASE_URL and that PostgreSQL is running, or raise PG_CONNECT_RETRIES.", e);
            }
        }
        return null;
    }
}
