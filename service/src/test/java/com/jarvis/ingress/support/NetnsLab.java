package com.jarvis.ingress.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A client host behind a NAT, built from Linux network namespaces on this machine (needs root, {@code ip} and
 * {@code iptables}). Two namespaces of our own, named with this JVM's pid so parallel runs never meet:
 *
 * <pre>
 *  [cli ns] cliIp ──veth── natCliIp [nat ns] natServerIp ──veth── serverIp [root ns: the service]
 *                               DNAT announcedIp → serverIp, MASQUERADE towards the server
 * </pre>
 *
 * The client's only route is its default route to the NAT. The NAT forwards what the client sends to
 * {@code announcedIp} (DNAT to {@code serverIp}) and drops what the client sends to {@code serverIp} directly, so
 * the client reaches the service only through the announced address, and the service sees the NAT's address
 * {@code natServerIp}. Addresses are TEST-NET-2/3 /30s (RFC 5737); the root namespace only gains one veth end with
 * its /30; its routes, default route and other interfaces are never touched. {@link #close()} deletes everything.
 */
public final class NetnsLab implements AutoCloseable {
    public final String nat;
    public final String cli;
    public final String serverIp;
    public final String natServerIp;
    public final String natCliIp;
    public final String cliIp;
    public final String announcedIp;
    private final String rootVeth;
    private final String natToServerVeth;
    private final String natToCliVeth;
    private final List<Process> processes = new ArrayList<>();
    private final Thread cleanup = new Thread(this::deleteQuietly, "netns-cleanup");

    private NetnsLab(long id, int k) {
        nat = "jnat" + id;
        cli = "jcli" + id;
        rootVeth = "jvs" + id;
        natToServerVeth = "jvn" + id;
        natToCliVeth = "jvc" + id;
        serverIp = "198.51.100." + (4 * k + 1);
        natServerIp = "198.51.100." + (4 * k + 2);
        natCliIp = "203.0.113." + (4 * k + 1);
        cliIp = "203.0.113." + (4 * k + 2);
        announcedIp = "198.51.100." + (128 + k);
    }

    /** Builds the lab, or aborts the calling test (skipped, with the reason) when this machine cannot. */
    public static NetnsLab createOrSkip() {
        Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"),
                "network namespaces need Linux");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip"))
                || Files.isExecutable(Path.of("/usr/bin/ip")), "iproute2 (ip) is not installed");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/iptables"))
                || Files.isExecutable(Path.of("/sbin/iptables")), "iptables is not installed");
        long pid = ProcessHandle.current().pid();
        sweepStale();
        int k = (int) (pid % 30) + 1; // a /30 of each TEST-NET; skip ones the machine already uses
        String used;
        try {
            used = exec(List.of("ip", "-o", "addr"), false);
        } catch (IOException e) {
            Assumptions.abort("cannot list addresses: " + e.getMessage());
            return null;
        }
        for (int tries = 0; tries < 30 && (used.contains("198.51.100." + (4 * k + 1) + "/")
                || used.contains("203.0.113." + (4 * k + 1) + "/")); tries++) {
            k = k % 30 + 1;
        }
        NetnsLab lab = new NetnsLab(pid, k);
        try {
            lab.ip("netns", "add", lab.nat);
        } catch (IOException e) {
            Assumptions.abort("cannot create network namespaces here (needs root and CAP_SYS_ADMIN): "
                    + e.getMessage());
        }
        Runtime.getRuntime().addShutdownHook(lab.cleanup);
        try {
            lab.build();
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw new IllegalStateException("building the namespaces failed", e);
        }
        return lab;
    }

    /** Deletes namespaces (and the root veth end) left by a run whose JVM died without cleaning up. */
    private static void sweepStale() {
        try {
            for (String line : exec(List.of("ip", "netns", "list"), false).split("\n")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("^j(?:nat|cli)(\\d+)\\b").matcher(line.trim());
                if (m.find() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                    exec(List.of("ip", "netns", "del", line.trim().split("\\s+")[0]), false);
                    exec(List.of("ip", "link", "del", "jvs" + m.group(1)), false);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // best effort
        }
    }

    private void build() throws IOException {
        ip("netns", "add", cli);
        ip("link", "add", rootVeth, "type", "veth", "peer", "name", natToServerVeth);
        ip("link", "set", natToServerVeth, "netns", nat);
        ip("addr", "add", serverIp + "/30", "dev", rootVeth);
        ip("link", "set", rootVeth, "up");
        ip("-n", nat, "addr", "add", natServerIp + "/30", "dev", natToServerVeth);
        ip("-n", nat, "link", "set", natToServerVeth, "up");
        ip("-n", nat, "link", "set", "lo", "up");
        ip("-n", nat, "link", "add", natToCliVeth, "type", "veth", "peer", "name", "eth0", "netns", cli);
        ip("-n", nat, "addr", "add", natCliIp + "/30", "dev", natToCliVeth);
        ip("-n", nat, "link", "set", natToCliVeth, "up");
        ip("-n", cli, "addr", "add", cliIp + "/30", "dev", "eth0");
        ip("-n", cli, "link", "set", "eth0", "up");
        ip("-n", cli, "link", "set", "lo", "up");
        ip("-n", cli, "route", "add", "default", "via", natCliIp);
        inNat("sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        iptables("-t", "nat", "-A", "PREROUTING", "-d", announcedIp, "-j", "DNAT", "--to-destination", serverIp);
        // The relay in this namespace reaches the service the same way (its own packets need a route to the
        // announced address before OUTPUT's DNAT rewrites them; forwarded ones are DNAT'ed before routing).
        ip("-n", nat, "route", "add", announcedIp + "/32", "via", serverIp);
        iptables("-t", "nat", "-A", "OUTPUT", "-d", announcedIp, "-j", "DNAT", "--to-destination", serverIp);
        iptables("-t", "nat", "-A", "POSTROUTING", "-o", natToServerVeth, "-j", "MASQUERADE");
        resetFilter();
    }

    /** Only the base rule: the client may not reach the service's real address except through the DNAT. */
    public void resetFilter() throws IOException {
        iptables("-F", "FORWARD");
        iptables("-F", "INPUT");
        iptables("-A", "FORWARD", "-i", natToCliVeth, "-d", serverIp, "-m", "conntrack", "!", "--ctstate", "DNAT",
                "-j", "DROP");
    }

    /** The client's UDP goes nowhere (through the NAT or to it). */
    public void blockUdp() throws IOException {
        iptables("-I", "FORWARD", "-i", natToCliVeth, "-p", "udp", "-j", "DROP");
        iptables("-I", "INPUT", "-i", natToCliVeth, "-p", "udp", "-j", "DROP");
    }

    /**
     * Everything from the client is dropped except TCP to the relay's ports on the NAT host and TCP to the
     * service's HTTP port (signalling, like HTTPS in real life).
     */
    public void onlyTcpTo(int httpPort, int... relayPorts) throws IOException {
        iptables("-A", "FORWARD", "-i", natToCliVeth, "-p", "tcp", "--dport", String.valueOf(httpPort), "-j",
                "ACCEPT");
        iptables("-A", "FORWARD", "-i", natToCliVeth, "-j", "DROP");
        for (int port : relayPorts) {
            iptables("-A", "INPUT", "-i", natToCliVeth, "-p", "tcp", "--dport", String.valueOf(port), "-j", "ACCEPT");
        }
        iptables("-A", "INPUT", "-i", natToCliVeth, "-j", "DROP");
    }

    /** Starts a long-running program in the NAT namespace (stopped by {@link #close()}); its output goes to {@code log}. */
    public Process startInNat(List<String> command, Path log) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", nat));
        full.addAll(command);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(p);
        return p;
    }

    /** {@code command} prefixed to run inside the client namespace. */
    public List<String> inClient(List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", cli));
        full.addAll(command);
        return full;
    }

    /** Runs a command in the NAT namespace and returns its output. */
    public String inNat(String... command) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", nat));
        full.addAll(List.of(command));
        return exec(full, true);
    }

    private void iptables(String... args) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", nat, "iptables", "-w", "5"));
        full.addAll(List.of(args));
        exec(full, true);
    }

    private static void ip(String... args) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip"));
        full.addAll(List.of(args));
        exec(full, true);
    }

    private static String exec(List<String> command, boolean check) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command + " timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(command + " interrupted");
        }
        if (check && p.exitValue() != 0) {
            throw new IOException(command + " exited " + p.exitValue() + ": " + out.trim());
        }
        return out;
    }

    /** Stops what was started in the namespaces and deletes them (their veths go with them). Idempotent. */
    @Override
    public void close() {
        deleteQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs anyway
        }
    }

    private synchronized void deleteQuietly() {
        for (Process p : processes) {
            p.destroy();
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }
        processes.clear();
        for (List<String> command : List.of(List.of("ip", "netns", "del", cli), List.of("ip", "netns", "del", nat),
                List.of("ip", "link", "del", rootVeth))) {
            try {
                exec(command, false);
            } catch (IOException e) {
                // best effort: already gone
            }
        }
    }
}
