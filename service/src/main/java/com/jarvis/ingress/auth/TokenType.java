package com.jarvis.ingress.auth;

/** The {@code typ} claim: an access token is never accepted where a refresh token is expected, and vice versa. */
public enum TokenType {
    ACCESS("access"),
    REFRESH("refresh");

    private final String claim;

    TokenType(String claim) {
        this.claim = claim;
    }

    public String claim() {
        return claim;
    }
}
