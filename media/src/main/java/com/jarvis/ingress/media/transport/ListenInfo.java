package com.jarvis.ingress.media.transport;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One address the media sockets bind and what its candidates advertise (mediasoup's {@code listenInfos} entry).
 *
 * <p>The candidate address is {@code announcedAddress} when set (a public address behind NAT, or a host name), else
 * the listen IP, else (a wildcard listen IP) the first address of the same family that is up, not loopback and not
 * link-local, taking interfaces by ascending index and their addresses in textual order, else loopback.
 *
 * @param ip               a literal IPv4 or IPv6 address ({@code 0.0.0.0} or {@code ::} for all)
 * @param announcedAddress address written into candidates, or null
 */
public record ListenInfo(String ip, String announcedAddress) {
    public ListenInfo {
        Objects.requireNonNull(ip, "ip");
        ip = ip.trim();
        if (!isIpLiteral(ip)) {
            throw new IllegalArgumentException("listen ip must be an IP address: " + ip);
        }
        if (announcedAddress != null) {
            announcedAddress = announcedAddress.trim();
            if (announcedAddress.isEmpty()) {
                announcedAddress = null;
            }
        }
    }

    /** The bind address (no name is ever looked up: {@link #ip} is a literal). */
    public InetAddress address() {
        try {
            return InetAddress.getByName(ip);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // unreachable: checked literal
        }
    }

    public boolean isWildcard() {
        return address().isAnyLocalAddress();
    }

    /** The address candidates advertise; see the class comment. */
    public String candidateAddress() {
        if (announcedAddress != null) {
            return announcedAddress;
        }
        InetAddress a = address();
        return a.isAnyLocalAddress() ? firstInterfaceAddress(a instanceof Inet6Address) : ip;
    }

    /**
     * Whether the candidates are IPv6: the announced address when it is an IPv6 literal (or an IPv4 one: then not),
     * else the listen IP's family.
     */
    public boolean candidateIsIpv6() {
        if (announcedAddress != null && isIpLiteral(announcedAddress)) {
            return announcedAddress.contains(":");
        }
        return ip.contains(":");
    }

    /** A literal IPv4 or IPv6 address (never a name: nothing is looked up). */
    public static boolean isIpLiteral(String value) {
        if (value == null || value.length() > 45) {
            return false;
        }
        if (value.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            for (String octet : value.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return false;
                }
            }
            return true;
        }
        if (!value.contains(":") || !value.matches("[0-9A-Fa-f:.]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(value) instanceof Inet6Address; // a colon: parsed, never looked up
        } catch (Exception e) {
            return false;
        }
    }

    private static String firstInterfaceAddress(boolean ipv6) {
        try {
            List<NetworkInterface> interfaces = new ArrayList<>(Collections.list(NetworkInterface.getNetworkInterfaces()));
            interfaces.sort(Comparator.comparingInt(NetworkInterface::getIndex));
            for (NetworkInterface nif : interfaces) {
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                List<String> found = new ArrayList<>();
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    boolean family = ipv6 ? a instanceof Inet6Address : a instanceof Inet4Address;
                    if (family && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        found.add(a.getHostAddress().replaceAll("%.*$", ""));
                    }
                }
                if (!found.isEmpty()) {
                    Collections.sort(found);
                    return found.get(0);
                }
            }
        } catch (SocketException e) {
            // no interface list: fall through to loopback
        }
        return ipv6 ? "::1" : "127.0.0.1";
    }
}
