package com.jarvis.ingress.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A PostgreSQL connection string in the usual {@code postgresql://user:pass@host:port/db?params} form, turned
 * into what JDBC wants. A {@code jdbc:postgresql:} URL is accepted as it is.
 */
public record DatabaseUrl(String jdbcUrl, String username, String password) {

    @Override
    public String toString() {
        return "DatabaseUrl[" + jdbcUrl + ", user=" + username + "]";
    }

    /** @throws IllegalArgumentException describing what is wrong, never echoing the password */
    public static DatabaseUrl parse(String text, String fallbackPassword) {
        if (text.startsWith("jdbc:postgresql:")) {
            return new DatabaseUrl(text, null, fallbackPassword);
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a URL of the form postgresql://user:password@host:5432/database");
        }
        String scheme = uri.getScheme();
        if (!"postgresql".equals(scheme) && !"postgres".equals(scheme)) {
            throw new IllegalArgumentException("must start with postgresql:// (got scheme '" + scheme + "')");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("has no host (postgresql://user:password@host:5432/database)");
        }
        String path = uri.getRawPath();
        if (path == null || path.length() <= 1) {
            throw new IllegalArgumentException("names no database (postgresql://user:password@host:5432/database)");
        }
        String user = null;
        String pass = fallbackPassword;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            if (colon >= 0) {
                pass = decode(userInfo.substring(colon + 1));
            }
        }
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[") ? "[" + uri.getHost() + "]" : uri.getHost();
        String jdbc = "jdbc:postgresql://" + host + ":" + port + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new DatabaseUrl(jdbc, user, pass);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
