package com.jarvis.ingress.media.dtls;

import java.util.Locale;

/**
 * DTLS role as signalled in WebRTC {@code dtlsParameters.role} (RFC 8842), and the rule that picks ours from
 * the remote one.
 */
public enum DtlsRole {
    CLIENT("client"),
    SERVER("server"),
    AUTO("auto");

    private final String wireName;

    DtlsRole(String wireName) {
        this.wireName = wireName;
    }

    /** The lower-case name used in signalling JSON. */
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a signalled role ({@code client}, {@code server}, {@code auto}, any case).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static DtlsRole parse(String value) {
        if (value != null) {
            String lower = value.trim().toLowerCase(Locale.ROOT);
            for (DtlsRole role : values()) {
                if (role.wireName.equals(lower)) {
                    return role;
                }
            }
        }
        throw new IllegalArgumentException("invalid DTLS role '" + value + "': expected client, server or auto");
    }

    /**
     * Our role given the remote's: remote {@code client} makes us server; remote {@code server} or {@code auto}
     * makes us client (mediasoup's rule, so a browser answering {@code auto} always ends up server).
     */
    public static DtlsRole localRoleFor(DtlsRole remoteRole) {
        return remoteRole == CLIENT ? SERVER : CLIENT;
    }
}
