package com.jarvis.ingress.asr;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where the ASR gateway listens: {@code grpc://host:port} (plaintext) or {@code grpcs://host:port} (TLS).
 */
public record AsrTarget(String host, int port, boolean tls) {

    /** Parses ASR_GATEWAY_URL; the message of the exception says what is wrong. */
    public static AsrTarget parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme();
        if (!"grpc".equalsIgnoreCase(scheme) && !"grpcs".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("must start with grpc:// (plaintext) or grpcs:// (TLS)");
        }
        if (uri.getHost() == null || uri.getPort() < 1 || uri.getPort() > 65535) {
            throw new IllegalArgumentException("must name a host and a port, like grpc://asr-gateway:50051");
        }
        String path = uri.getRawPath();
        if ((path != null && !path.isEmpty() && !"/".equals(path)) || uri.getRawQuery() != null
                || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("must be only scheme, host and port");
        }
        return new AsrTarget(uri.getHost(), uri.getPort(), "grpcs".equalsIgnoreCase(scheme));
    }

    @Override
    public String toString() {
        return (tls ? "grpcs://" : "grpc://") + host + ":" + port;
    }
}
