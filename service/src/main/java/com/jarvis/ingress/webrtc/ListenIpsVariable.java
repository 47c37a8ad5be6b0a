package com.jarvis.ingress.webrtc;

import com.jarvis.ingress.media.transport.ListenInfo;
import com.jarvis.ingress.media.transport.WebRtcServerConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code MEDIASOUP_LISTEN_IPS}: a JSON array like mediasoup's {@code listenInfos},
 * {@code [{"ip":"0.0.0.0","announcedAddress":"203.0.113.7"},{"ip":"::","announcedAddress":"2001:db8::7"}]}
 * ({@code announcedIp}, mediasoup's older name, is accepted too). Ports and protocols come from the other
 * variables, so any other field is refused rather than silently ignored. Every problem is reported, naming the entry.
 */
final class ListenIpsVariable {
    static final String NAME = "MEDIASOUP_LISTEN_IPS";
    private static final int MAX_LENGTH = 4096;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ListenIpsVariable() {
    }

    /** The entries, or null after reporting problems. */
    static List<ListenInfo> parse(String text, Consumer<String> problem) {
        if (text.length() > MAX_LENGTH) {
            problem.accept(NAME + " must be at most " + MAX_LENGTH + " characters");
            return null;
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            problem.accept(NAME + " must be a JSON array like [{\"ip\":\"0.0.0.0\",\"announcedAddress\":\"203.0.113.7\"}]"
                    + " (not valid JSON: " + e.getOriginalMessage() + ")");
            return null;
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            problem.accept(NAME + " must be a non-empty JSON array of {\"ip\", \"announcedAddress\"?} objects");
            return null;
        }
        if (root.size() > WebRtcServerConfig.MAX_LISTEN_INFOS) {
            problem.accept(NAME + " may list at most " + WebRtcServerConfig.MAX_LISTEN_INFOS + " addresses (got "
                    + root.size() + ")");
            return null;
        }
        List<ListenInfo> out = new ArrayList<>();
        Set<ListenInfo> seen = new HashSet<>();
        boolean ok = true;
        for (int i = 0; i < root.size(); i++) {
            ListenInfo info = entry(root.get(i), NAME + "[" + i + "]", problem);
            if (info == null) {
                ok = false;
            } else if (!seen.add(info)) {
                problem.accept(NAME + "[" + i + "] repeats an earlier entry (" + info.ip()
                        + (info.announcedAddress() == null ? "" : " announced as " + info.announcedAddress()) + ")");
                ok = false;
            } else {
                out.add(info);
            }
        }
        return ok ? List.copyOf(out) : null;
    }

    private static ListenInfo entry(JsonNode node, String where, Consumer<String> problem) {
        if (node == null || !node.isObject()) {
            problem.accept(where + " must be an object {\"ip\", \"announcedAddress\"?}");
            return null;
        }
        boolean ok = true;
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!Set.of("ip", "announcedAddress", "announcedIp").contains(field.getKey())) {
                problem.accept(where + " has an unknown field '" + field.getKey() + "' (ports come from RTC_MIN_PORT/"
                        + "RTC_MAX_PORT, protocols from RTC_ENABLE_UDP/RTC_ENABLE_TCP)");
                ok = false;
            }
        }
        JsonNode ip = node.get("ip");
        if (ip == null || !ip.isString() || !ListenInfo.isIpLiteral(ip.asString().trim())) {
            problem.accept(where + ".ip must be an IP address such as 0.0.0.0, :: or 192.168.1.5 (got "
                    + (ip == null ? "nothing" : ip.toString()) + ")");
            ok = false;
        }
        String announced = null;
        JsonNode a = node.has("announcedAddress") ? node.get("announcedAddress") : node.get("announcedIp");
        if (node.has("announcedAddress") && node.has("announcedIp")) {
            problem.accept(where + " has both announcedAddress and announcedIp; give one");
            ok = false;
        } else if (a != null && !a.isNull()) {
            if (!a.isString() || !MediaConfigLoader.isAddressOrHostName(a.asString())) {
                problem.accept(where + ".announcedAddress must be an IP address or host name (got " + a + ")");
                ok = false;
            } else {
                announced = a.asString();
            }
        }
        return ok ? new ListenInfo(ip.asString(), announced) : null;
    }
}
