package com.jarvis.ingress.media.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.jarvis.ingress.media.net.Transport;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A real STUN client against the server: coturn's {@code turnutils_stunclient} (Debian package {@code coturn}, which
 * {@code .ci/run} installs) must learn its reflexive address. coturn ships no STUN-over-TCP client; TCP is covered by
 * {@link StunServerTest}.
 */
class StunServerCoturnClientTest {
    private static final Path CLIENT = Path.of("/usr/bin/turnutils_stunclient");
    private static final Pattern REFLEXIVE = Pattern.compile("UDP reflexive addr: 127\\.0\\.0\\.1:(\\d+)");

    @Test
    void turnutilsStunclientLearnsItsReflexiveAddress() throws Exception {
        assumeTrue(Files.isExecutable(CLIENT), "coturn is not installed (.ci/run installs it)");
        try (StunServer server = StunServer.start(StunServerConfig.of(InetAddress.getByName("127.0.0.1"), 0))) {
            Process p = new ProcessBuilder(CLIENT.toString(), "-p", String.valueOf(server.port()), "127.0.0.1")
                    .redirectErrorStream(true).start();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(out).isZero();
            Matcher m = REFLEXIVE.matcher(out);
            assertThat(m.find()).as(out).isTrue();
            assertThat(Integer.parseInt(m.group(1))).isBetween(1, 65535);
            // The responder counts after its send returns, so the client can print its answer (and exit) first.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (server.counters().get(Transport.UDP, StunResult.ANSWERED) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(server.counters().get(Transport.UDP, StunResult.ANSWERED)).isPositive();
        }
    }
}
