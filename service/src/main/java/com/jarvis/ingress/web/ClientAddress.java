package com.jarvis.ingress.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The client's IP address as used for per-IP limits: the socket's peer by default. With TRUST_PROXY=true the
 * first (left-most) X-Forwarded-For hop is taken instead, which is only right behind a proxy that sets or
 * sanitises that header; otherwise clients could pick their own address.
 */
public final class ClientAddress {
    private static final int MAX_LENGTH = 45; // the longest textual IPv6 address

    private ClientAddress() {
    }

    public static String of(HttpServletRequest request, boolean trustProxy) {
        return resolve(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"), trustProxy);
    }

    static String resolve(String remoteAddr, String forwardedFor, boolean trustProxy) {
        if (trustProxy && forwardedFor != null) {
            int comma = forwardedFor.indexOf(',');
            String first = normalise((comma < 0 ? forwardedFor : forwardedFor.substring(0, comma)).trim());
            if (first != null) {
                return first;
            }
        }
        String remote = normalise(remoteAddr);
        return remote == null ? "unknown" : remote;
    }

    /** Strips a port ("1.2.3.4:5678", "[::1]:80") and refuses anything that is not an IP literal. */
    static String normalise(String address) {
        if (address == null || address.isEmpty()) {
            return null;
        }
        String a = address;
        if (a.startsWith("[")) {
            int close = a.indexOf(']');
            if (close < 0) {
                return null;
            }
            a = a.substring(1, close);
        } else if (a.indexOf(':') > 0 && a.indexOf(':') == a.lastIndexOf(':') && a.indexOf('.') > 0) {
            a = a.substring(0, a.indexOf(':')); // IPv4 with a port
        }
        if (a.isEmpty() || a.length() > MAX_LENGTH) {
            return null;
        }
        boolean hasColon = a.indexOf(':') >= 0;
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            boolean ok = c >= '0' && c <= '9' || c == '.' || hasColon && (c == ':' || c >= 'a' && c <= 'f'
                    || c >= 'A' && c <= 'F');
            if (!ok) {
                return null;
            }
        }
        return a.toLowerCase(java.util.Locale.ROOT);
    }
}
