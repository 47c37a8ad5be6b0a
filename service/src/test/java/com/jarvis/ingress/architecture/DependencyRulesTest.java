package com.jarvis.ingress.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of docs/architecture.md, read from the sources: the media library names no service
 * package and no framework; media's protocol packages never name {@code transport}; service packages form no cycle.
 */
class DependencyRulesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path MEDIA = ROOT.resolve("media/src/main/java/com/jarvis/ingress/media");
    private static final Path SERVICE = ROOT.resolve("service/src/main/java/com/jarvis/ingress");
    private static final Pattern OURS = Pattern.compile("com\\.jarvis\\.ingress\\.([a-z]+)(?:\\.([a-z]+))?");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)", Pattern.MULTILINE);

    private static Map<Path, String> sources(Path dir) {
        Map<Path, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                try {
                    out.put(f, Files.readString(f));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Test
    void mediaImportsNoServicePackageAndNoFramework() {
        List<String> bad = new ArrayList<>();
        sources(MEDIA).forEach((file, text) -> {
            Matcher m = IMPORT.matcher(text);
            while (m.find()) {
                String name = m.group(1);
                boolean allowed = name.startsWith("java.") || name.startsWith("javax.crypto.")
                        || name.startsWith("org.bouncycastle.") || name.startsWith("io.github.jaredmdobson.")
                        || name.startsWith("org.slf4j.") || name.startsWith("com.jarvis.ingress.media.")
                        || name.startsWith("com.sun.jna.");
                if (!allowed) {
                    bad.add(MEDIA.relativize(file) + ": " + name);
                }
            }
            Matcher ours = OURS.matcher(text);
            while (ours.find()) {
                if (!ours.group(1).equals("media")) {
                    bad.add(MEDIA.relativize(file) + " names " + ours.group());
                }
            }
        });
        assertThat(bad).isEmpty();
    }

    @Test
    void protocolPackagesNeverNameTransport() {
        List<String> bad = new ArrayList<>();
        for (String pkg : List.of("net", "ice", "dtls", "srtp", "rtp", "sctp", "audio", "stun")) {
            Path dir = MEDIA.resolve(pkg);
            if (Files.isDirectory(dir)) {
                sources(dir).forEach((file, text) -> {
                    if (text.contains("com.jarvis.ingress.media.transport")) {
                        bad.add(MEDIA.relativize(file).toString());
                    }
                });
            }
        }
        assertThat(bad).isEmpty();
    }

    @Test
    void servicePackagesHaveNoCycles() {
        Map<String, Set<String>> edges = new TreeMap<>();
        sources(SERVICE).forEach((file, text) -> {
            Path rel = SERVICE.relativize(file);
            if (rel.getNameCount() < 2) {
                return;
            }
            String from = rel.getName(0).toString();
            Matcher m = OURS.matcher(text);
            while (m.find()) {
                String to = m.group(1);
                if (!to.equals(from) && !to.equals("media") && Files.isDirectory(SERVICE.resolve(to))) {
                    edges.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
                }
            }
        });
        assertThat(edges).as("the scan found the service packages").containsKeys("session", "webrtc", "grpc");
        List<String> cycles = new ArrayList<>();
        for (String start : edges.keySet()) {
            findCycle(start, start, edges, new ArrayList<>(List.of(start)), new HashSet<>(), cycles);
        }
        assertThat(cycles).as("package cycles (edges: %s)", edges).isEmpty();
    }

    private static void findCycle(String start, String at, Map<String, Set<String>> edges, List<String> path,
                                  Set<String> seen, List<String> cycles) {
        for (String next : edges.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                cycles.add(String.join(" -> ", path) + " -> " + start);
            } else if (seen.add(next)) {
                path.add(next);
                findCycle(start, next, edges, path, seen, cycles);
                path.remove(path.size() - 1);
            }
        }
    }
}
