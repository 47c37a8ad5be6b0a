package com.jarvis.ingress.bench.ice;

import com.jarvis.ingress.media.ice.IceCredentials;
import com.jarvis.ingress.media.ice.IceListener;
import com.jarvis.ingress.media.ice.IceLiteServer;
import com.jarvis.ingress.media.ice.IceTuple;
import com.jarvis.ingress.media.ice.StunClass;
import com.jarvis.ingress.media.ice.StunConstants;
import com.jarvis.ingress.media.ice.StunIntegrity;
import com.jarvis.ingress.media.ice.StunMessageBuilder;
import com.jarvis.ingress.media.net.Transport;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One valid ICE connectivity check as a browser sends it, handled end to end by {@link IceLiteServer}: parse,
 * FINGERPRINT and MESSAGE-INTEGRITY verification, tuple bookkeeping, and the signed Binding success response.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StunBenchmark {
    private IceLiteServer server;
    private IceTuple tuple;
    private byte[] request;
    private long now;

    @Setup
    public void setUp() {
        SecureRandom random = new SecureRandom();
        IceCredentials local = IceCredentials.random(random);
        server = new IceLiteServer(local, random, new IceListener() { }, IceLiteServer.DEFAULT_CONSENT_TIMEOUT_MILLIS);
        tuple = new IceTuple(new InetSocketAddress("198.51.100.23", 54321), Transport.UDP);
        byte[] tx = new byte[StunConstants.TRANSACTION_ID_LENGTH];
        random.nextBytes(tx);
        request = StunMessageBuilder.create(StunClass.REQUEST, StunConstants.METHOD_BINDING, tx, 0)
                .username(local.ufrag() + ":" + IceCredentials.random(random).ufrag().substring(0, 4))
                .priority(0x6e7f1eff)
                .iceControlling(0x1234_5678_9abc_def0L)
                .useCandidate()
                .messageIntegrity(new StunIntegrity(local.password()))
                .fingerprint()
                .build();
    }

    @Benchmark
    public byte[] handleValidBindingRequest() {
        return server.handle(request, 0, request.length, tuple, ++now);
    }
}
