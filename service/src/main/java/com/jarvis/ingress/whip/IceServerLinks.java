package com.jarvis.ingress.whip;

import com.jarvis.ingress.webrtc.IceServer;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 9725 section 4.6 {@code Link} header values: {@code <turn:host:3478?transport=udp>; rel="ice-server";
 * username="..."; credential="..."; credential-type="password"}, one per URL.
 */
final class IceServerLinks {
    private IceServerLinks() {
    }

    static List<String> of(List<IceServer> servers) {
        List<String> links = new ArrayList<>();
        for (IceServer s : servers) {
            for (String url : s.urls()) {
                StringBuilder link = new StringBuilder("<").append(url).append(">; rel=\"ice-server\"");
                if (s.username() != null && s.credential() != null) {
                    link.append("; username=").append(quoted(s.username()))
                            .append("; credential=").append(quoted(s.credential()))
                            .append("; credential-type=\"password\"");
                }
                links.add(link.toString());
            }
        }
        return links;
    }

    /** An RFC 9110 quoted-string. */
    static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
