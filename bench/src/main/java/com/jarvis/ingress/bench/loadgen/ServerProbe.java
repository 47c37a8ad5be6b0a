package com.jarvis.ingress.bench.loadgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.DirectoryStream;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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

    /**
     * CPU clock ticks and voluntary context switches (waits: each is a sleep and a wake-up) of the process's threads
     * so far, summed per thread group: the name ({@code /proc/PID/task/TID/comm}, at most 15 characters) with every
     * run of digits replaced by {@code N} ({@code opus-decode-N}, {@code udp-io-N-N}, {@code GC Thread#N}). Threads
     * that ended are missing, so compare two snapshots.
     */
    Map<String, long[]> threadTicks() throws IOException {
        Map<String, long[]> ticks = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim().replaceAll("[0-9]+", "N");
                    String stat = Files.readString(task.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long waits = Files.readAllLines(task.resolve("status")).stream()
                            .filter(l -> l.startsWith("voluntary_ctxt_switches:"))
                            .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).trim())).sum();
                    long[] t = ticks.computeIfAbsent(name, k -> new long[2]);
                    t[0] += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    t[1] += waits;
                } catch (NoSuchFileException e) {
                    // the thread ended while we read
                }
            }
        }
        return ticks;
    }

    /**
     * The CPU between two {@link #threadTicks} snapshots, per thread group, in % of one core over {@code seconds},
     * largest first, groups below 0.5 % left out, each with its wake-ups per second: e.g.
     * {@code opus-decode-N 45.1 (12030/s), udp-io-N-N 30.2 (2010/s), ...}.
     */
    String threadCpu(Map<String, long[]> before, Map<String, long[]> after, double seconds) {
        return after.entrySet().stream()
                .map(e -> {
                    long[] b = before.getOrDefault(e.getKey(), new long[2]);
                    return Map.entry(e.getKey(), new double[] {
                            100.0 * (e.getValue()[0] - b[0]) / ticksPerSecond / seconds,
                            (e.getValue()[1] - b[1]) / seconds});
                })
                .filter(e -> e.getValue()[0] >= 0.5)
                .sorted((x, y) -> Double.compare(y.getValue()[0], x.getValue()[0]))
                .map(e -> String.format(Locale.ROOT, "%s %.1f (%.0f/s)", e.getKey(), e.getValue()[0], e.getValue()[1]))
                .collect(Collectors.joining(", "));
    }

    /**
     * With {@code JFR_DIR} set, starts a JFR recording ({@code settings=profile}) in the server for the streaming
     * window; {@link #stopRecording} writes it as {@code <name>.jfr}. Returns false (and does nothing) otherwise.
     */
    boolean startRecording() throws IOException, InterruptedException {
        String dir = System.getenv("JFR_DIR");
        if (dir == null || dir.isEmpty()) {
            return false;
        }
        jcmd("JFR.start name=loadgen-window settings=profile");
        return true;
    }

    void stopRecording(String name) throws IOException, InterruptedException {
        Path dir = Path.of(System.getenv("JFR_DIR"));
        Files.createDirectories(dir);
        jcmd("JFR.stop name=loadgen-window filename=" + dir.resolve(name + ".jfr").toAbsolutePath());
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
