package com.jarvis.ingress.bench.loadgen;

import com.jarvis.ingress.media.dtls.DtlsCertificate;
import com.jarvis.ingress.media.dtls.DtlsConfig;
import com.jarvis.ingress.media.dtls.DtlsHandshakeExecutor;
import com.jarvis.ingress.media.sctp.SctpTimerDriver;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One load run: registers the clients' devices (unless they register in the burst), connects the clients (at the
 * given rate, at most {@code burst} at a time), lets them stream for the window while measuring the server, stops
 * the audio, measures the idle heap, collects the server's per-session stats and ends the sessions.
 */
final class LoadRun {
    private static final int IDLE_SAMPLE_SECONDS = 5;
    private final LoadOptions options;
    private final Signalling signalling;
    private final ServerProbe probe;
    private final OpusClip clip;
    private final Consumer<String> log;

    LoadRun(LoadOptions options, Signalling signalling, OpusClip clip, Consumer<String> log) {
        this.options = options;
        this.signalling = signalling;
        this.clip = clip;
        this.probe = options.serverPid() > 0 ? new ServerProbe(options.serverPid()) : null;
        this.log = log;
    }

    private record Client(ClientSession session, Signalling.Handle handle) {
    }

    LoadReport run() throws Exception {
        int n = options.sessions();
        long heapBaseline = probe != null ? probe.liveHeapKb() : -1;
        if (probe != null) {
            probe.histogram(histogramName("baseline"));
        }
        double idleCpuPercent = -1;
        if (probe != null) { // what the service burns with no session: timers, pools, metrics
            double c0 = probe.cpuSeconds();
            long t0 = System.nanoTime();
            TimeUnit.SECONDS.sleep(IDLE_SAMPLE_SECONDS);
            idleCpuPercent = 100 * (probe.cpuSeconds() - c0) / ((System.nanoTime() - t0) / 1e9);
        }
        ExecutorService setup = Executors.newFixedThreadPool(Math.min(n, options.burst()), daemon("loadgen-setup"));
        ExecutorService handshakes = DtlsHandshakeExecutor.newBoundedPool(Math.min(n, options.burst()));
        List<Client> clients = Collections.synchronizedList(new ArrayList<>());
        Set<String> errors = Collections.synchronizedSet(new LinkedHashSet<>());
        AtomicInteger failed = new AtomicInteger();
        ScheduledExecutorService sctpTimer = Executors.newSingleThreadScheduledExecutor(daemon("loadgen-sctp-timer"));
        try (UdpReactor reactor = new UdpReactor(options.ioThreads()); Pacer pacer = new Pacer()) {
            DtlsCertificate certificate = DtlsCertificate.generate();
            if (options.warmHandshakes() > 0) {
                double last = DtlsWarmUp.run(options.warmHandshakes(), certificate);
                log.accept(String.format("DTLS warm-up: %d in-process handshakes, the last %.1f ms",
                        options.warmHandshakes(), last));
            }
            ClientSession.Shared shared = new ClientSession.Shared(certificate,
                    DtlsConfig.defaults(), handshakes, reactor, pacer, clip, options.chunks(), options.rtp(),
                    new SctpTimerDriver(sctpTimer, () -> System.nanoTime() / 1_000_000));
            Signalling.Device[] devices = options.registerFirst() ? registerAll(n, setup, errors) : null;
            long udpDrops0 = ServerProbe.udpReceiveBufferErrors();
            Signalling.ServerCounters counters0 = signalling.serverCounters();
            // The probe's own /proc reading first: it is the generator's CPU, but not the clients'.
            Map<String, long[]> connectThreads0 = probe != null ? probe.threadTicks() : Map.of();
            double serviceCpuConnect0 = probe != null ? probe.cpuSeconds() : 0;
            double generatorCpuConnect0 = generatorCpuSeconds();
            long generatorJit0 = jitMillis();
            log.accept("connecting " + n + " clients");
            long start = System.nanoTime();
            List<Future<?>> connects = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (options.ratePerSecond() > 0) {
                    long due = start + (long) (i * 1e9 / options.ratePerSecond());
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
                int index = i;
                connects.add(setup.submit(() -> connectOne(index, devices, shared, clients, errors, failed)));
            }
            long nextProgress = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            for (Future<?> f : connects) {
                while (!f.isDone()) {
                    if (System.nanoTime() > nextProgress) {
                        nextProgress += TimeUnit.SECONDS.toNanos(10);
                        log.accept(String.format("connecting: %d/%d connected, %d failed, after %.0f s", clients.size(),
                                n, failed.get(), (System.nanoTime() - start) / 1e9));
                    }
                    TimeUnit.MILLISECONDS.sleep(100);
                }
            }
            double connectPhase = (System.nanoTime() - start) / 1e9;
            int connected = clients.size();
            log.accept(String.format("%d/%d connected in %.1f s", connected, n, connectPhase));
            // Who the connect phase's CPU went to: with both on one machine, the generator's share is time the
            // service's handshakes and requests waited for a core.
            if (probe != null && connected > 0) {
                // The generator's JIT compiling inside the phase says whether its JVM was warm: its compiler
                // threads take the same two cores as the service's handshakes. It is the compile tasks' elapsed
                // time, not CPU, so it can exceed the generator's CPU when the cores are short.
                log.accept(String.format("connect phase CPU per client: service %.2f ms, generator %.2f ms;"
                                + " generator JIT compile time %.2f ms per client",
                        1000 * (probe.cpuSeconds() - serviceCpuConnect0) / connected,
                        1000 * (generatorCpuSeconds() - generatorCpuConnect0) / connected,
                        (double) (jitMillis() - generatorJit0) / connected));
                log.accept("server CPU by thread over the connect phase (% of one core, wake-ups per second): "
                        + probe.threadCpu(connectThreads0, probe.threadTicks(), connectPhase));
            }

            TimeUnit.SECONDS.sleep(options.settleSeconds());
            pacer.resetLag();
            double load0 = ServerProbe.loadAverage();
            long rtp0 = signalling.serverCounters().rtpPackets();
            boolean recording = probe != null && probe.startRecording();
            Map<String, long[]> threads0 = probe != null ? probe.threadTicks() : Map.of();
            double cpu0 = probe != null ? probe.cpuSeconds() : 0;
            long w0 = System.nanoTime();
            TimeUnit.SECONDS.sleep(options.durationSeconds());
            double cpu1 = probe != null ? probe.cpuSeconds() : 0;
            long windowPackets = signalling.serverCounters().rtpPackets() - rtp0;
            double window = (System.nanoTime() - w0) / 1e9;
            if (probe != null) { // where the server's CPU went, by thread group
                log.accept("server CPU by thread over the window (% of one core, wake-ups per second): "
                        + probe.threadCpu(threads0, probe.threadTicks(), window));
            }
            if (recording) {
                probe.stopRecording(histogramName("window"));
            }
            double load1 = ServerProbe.loadAverage();
            long pacerLate = pacer.lateTicks();
            long pacerLag = pacer.maxLagMillis();
            long pacerSkipped = pacer.skippedTicks();
            long heapStreaming = probe != null ? probe.liveHeapKb() : -1;

            for (Client c : clients) {
                c.session().streaming(false);
            }
            awaitServerDrained();
            TimeUnit.SECONDS.sleep(options.idleSeconds());
            long heapIdle = probe != null ? probe.liveHeapKb() : -1;
            if (probe != null) {
                probe.histogram(histogramName("idle"));
            }

            List<Future<Signalling.ServerStats>> stats = new ArrayList<>();
            for (Client c : clients) {
                stats.add(setup.submit(() -> c.handle().stats()));
            }
            long received = 0;
            long lost = 0;
            double audio = 0;
            long chunksReceived = 0;
            for (Future<Signalling.ServerStats> f : stats) {
                try {
                    Signalling.ServerStats s = f.get();
                    received += s.packets();
                    lost += s.packetsLost();
                    audio += s.audioSeconds();
                    chunksReceived += s.dataChunks();
                } catch (Exception e) {
                    errors.add("stats: " + e.getMessage());
                }
            }
            long udpDrops = udpDrops0 < 0 ? -1 : ServerProbe.udpReceiveBufferErrors() - udpDrops0;
            Map<String, Double> counterGrowth = new TreeMap<>();
            signalling.serverCounters().dropsAndCloses().forEach((k, v) -> {
                double d = v - counters0.dropsAndCloses().getOrDefault(k, 0.0);
                if (d != 0) {
                    counterGrowth.put(k, d);
                }
            });
            long sent = 0;
            long sendErrors = 0;
            long rtcp = 0;
            long chunksSent = 0;
            long chunkSendFailures = 0;
            List<long[]> times = new ArrayList<>();
            for (Client c : clients) {
                chunksSent += c.session().chunksSent();
                chunkSendFailures += c.session().chunkSendFailures();
                sent += c.session().packetsSent();
                sendErrors += c.session().sendErrors();
                rtcp += c.session().rtcpReceived();
                ClientSession.ConnectTimes t = c.session().times();
                times.add(new long[] {t.connectedMillis(), t.createMillis(), t.iceMillis(), t.handshakeMillis(),
                    t.connectMillis(), t.produceMillis(), t.dataChannelMillis()});
            }
            List<Future<?>> closing = new ArrayList<>();
            for (Client c : clients) {
                closing.add(setup.submit(() -> {
                    c.session().close();
                    if (!options.keep()) {
                        try {
                            c.handle().close();
                        } catch (Exception e) {
                            errors.add("close: " + e.getMessage());
                        }
                    }
                }));
            }
            for (Future<?> f : closing) {
                f.get();
            }
            double cpu = cpu1 - cpu0;
            double perSession = probe != null && connected > 0 ? cpu / (connected * window) : -1;
            // Seconds of 50 packet/s streams the server actually received in the window: robust to losses.
            double streamSeconds = windowPackets / 50.0;
            double perStream = probe != null && streamSeconds > 0 ? cpu / streamSeconds : -1;
            return new LoadReport(options.label(), n, connected, List.copyOf(errors),
                    Percentiles.of(column(times, 0)), Percentiles.of(column(times, 1)),
                    Percentiles.of(column(times, 2)), Percentiles.of(column(times, 3)), connectPhase, window, sent,
                    received, sent == 0 ? 0 : 100.0 * (sent - received) / sent, lost, audio, sendErrors, rtcp,
                    probe != null ? cpu : -1, perSession < 0 ? -1 : 100 * perSession,
                    perStream <= 0 ? -1 : 1 / perStream, windowPackets, perStream < 0 ? -1 : 100 * perStream,
                    idleCpuPercent, heapBaseline, heapStreaming, heapIdle,
                    perClient(heapStreaming, heapBaseline, connected), perClient(heapIdle, heapBaseline, connected),
                    load0, load1, pacerLag, pacerLate, pacerSkipped, generatorCpuSeconds(), udpDrops, counterGrowth,
                    Percentiles.of(column(times, 4)), Percentiles.of(column(times, 5)),
                    Percentiles.of(column(times, 6)), options.chunks().name().toLowerCase(java.util.Locale.ROOT),
                    chunksSent, chunksReceived,
                    chunksSent == 0 ? 0 : 100.0 * (chunksSent - chunksReceived) / chunksSent, chunkSendFailures);
        } finally {
            sctpTimer.shutdownNow();
            setup.shutdownNow();
            handshakes.shutdownNow();
        }
    }

    /**
     * Waits (at most 60 s) until the server's RTP counter has not moved for a second after the clients stopped: on
     * a starved machine the server's I/O thread can be seconds behind, with packets still queued in its socket.
     */
    private void awaitServerDrained() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long last = -1;
        while (System.nanoTime() < deadline) {
            TimeUnit.SECONDS.sleep(1);
            long now = signalling.serverCounters().rtpPackets();
            if (now == last) {
                return;
            }
            last = now;
        }
        log.accept("server still receiving 60 s after the clients stopped");
    }

    /**
     * Every client's device registered before the burst, in parallel on the setup threads; a device whose
     * registration failed is null (its client then fails with that error).
     */
    private Signalling.Device[] registerAll(int n, ExecutorService setup, Set<String> errors) throws Exception {
        long start = System.nanoTime();
        Signalling.Device[] devices = new Signalling.Device[n];
        List<Future<?>> registering = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            registering.add(setup.submit(() -> {
                try {
                    devices[index] = signalling.register(index);
                } catch (Exception e) {
                    if (errors.size() < 20) {
                        errors.add("register: " + e.getMessage());
                    }
                }
            }));
        }
        for (Future<?> f : registering) {
            f.get();
        }
        log.accept(String.format("%d devices registered in %.1f s", n, (System.nanoTime() - start) / 1e9));
        return devices;
    }

    private void connectOne(int index, Signalling.Device[] registered, ClientSession.Shared shared,
            List<Client> clients, Set<String> errors, AtomicInteger failed) {
        ClientSession session = null;
        try {
            Signalling.Device device = registered == null ? signalling.register(index) : registered[index];
            if (device == null) {
                throw new IllegalStateException("client " + index + ": its device did not register");
            }
            Signalling.Handle handle = device.openSession(options.chunks().sessionCodec());
            session = new ClientSession(index, shared);
            session.connect(handle);
            clients.add(new Client(session, handle));
        } catch (Exception e) {
            failed.incrementAndGet();
            if (session != null) {
                session.close();
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (errors.size() < 20) {
                errors.add(String.valueOf(e.getMessage()));
            }
        }
    }

    private static long[] column(List<long[]> rows, int i) {
        return rows.stream().mapToLong(r -> r[i]).filter(v -> v >= 0).toArray();
    }

    /** e.g. {@code opus-100-idle} for the label "opus 100". */
    private String histogramName(String point) {
        String label = options.label().isBlank() ? Integer.toString(options.sessions()) : options.label();
        return label.trim().replaceAll("[^A-Za-z0-9]+", "-") + "-" + point;
    }

    private static double perClient(long heap, long baseline, int clients) {
        return heap < 0 || baseline < 0 || clients == 0 ? -1 : (heap - baseline) / (double) clients;
    }

    /** This JVM's JIT compile time so far (ms of elapsed time, summed over compile tasks), or 0 when not reported. */
    static long jitMillis() {
        java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    private static double generatorCpuSeconds() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() / 1e9 : -1;
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
