package com.jarvis.ingress.bench.loadgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures the server process from outside, as bench/webrtc-load.sh does: CPU time (utime + stime of
 * /proc/PID/stat) and live heap (jcmd GC.run, then the "used" figure of GC.heap_info).
 */
final class ServerProbe {
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private final long pid;
    private final long ticksPerSecond;

    ServerProbe(long pid) {
        this.pid = pid;
        this.ticksPerSecond = clockTicks();
    }

    /** CPU seconds the process has used so far. */
    double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // Fields after the command name in parentheses (which may contain spaces): state is field 3.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) ticksPerSecond;
    }

    /** Heap in use right after a full GC, in KB. */
    long liveHeapKb() throws IOException, InterruptedException {
        jcmd("GC.run");
        Matcher m = USED.matcher(jcmd("GC.heap_info"));
        if (!m.find()) {
            throw new IOException("jcmd GC.heap_info printed no 'used' figure");
        }
        return Long.parseLong(m.group(1));
    }

    /**
     * When the environment names a directory ({@code HISTO_DIR}), writes the live-object class histogram
     * ({@code jcmd GC.class_histogram}, after a full GC) there as {@code <name>.txt}: diff two of them to see
     * what a session holds; with {@code HISTO_DUMP=1} also a heap dump ({@code <name>.hprof}) for finding who holds
     * what. Does nothing otherwise.
     */
    void histogram(String name) throws IOException, InterruptedException {
        String dir = System.getenv("HISTO_DIR");
        if (dir != null && !dir.isEmpty()) {
            Files.createDirectories(Path.of(dir));
            Files.writeString(Path.of(dir, name + ".txt"), jcmd("GC.class_histogram"));
            if ("1".equals(System.getenv("HISTO_DUMP"))) {
                jcmd("GC.heap_dump " + Path.of(dir, name + ".hprof").toAbsolutePath());
            }
        }
    }

    /**
     * UDP datagrams the kernel dropped because a socket's receive buffer was full (RcvbufErrors of /proc/net/snmp),
     * machine-wide; -1 when unreadable.
     */
    static long udpReceiveBufferErrors() {
        try {
            List<String> udp = Files.readAllLines(Path.of("/proc/net/snmp")).stream()
                    .filter(l -> l.startsWith("Udp:")).toList();
            List<String> names = List.of(udp.get(0).split(" +"));
            return Long.parseLong(udp.get(1).split(" +")[names.indexOf("RcvbufErrors")]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The 1-minute load average of the machine. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " " + command + " failed: " + out);
        }
        return out;
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
