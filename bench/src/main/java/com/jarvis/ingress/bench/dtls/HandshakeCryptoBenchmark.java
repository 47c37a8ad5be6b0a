package com.jarvis.ingress.bench.dtls;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.rfc7748.X25519;
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
 * The public-key operations of one DTLS 1.2 handshake as the server runs it (ECDHE_ECDSA with X25519 and a P-256
 * certificate): the ServerKeyExchange signature, the client's CertificateVerify check and the X25519 key pair and
 * agreement, with BouncyCastle's lightweight API (what our transports use) beside the JDK's own provider (SunEC)
 * for the two ECDSA operations: whether moving them to JCA would make a handshake flight cheaper.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HandshakeCryptoBenchmark {
    private final SecureRandom random = new SecureRandom();
    private final byte[] message = new byte[200];
    private final byte[] hash = new byte[32];
    private AsymmetricCipherKeyPair bcKeys;
    private BigInteger[] bcSignature;
    private KeyPair jcaKeys;
    private byte[] jcaSignature;
    private final byte[] x25519Private = new byte[32];
    private final byte[] x25519Public = new byte[32];
    private final byte[] peerPublic = new byte[32];
    private final byte[] secret = new byte[32];

    @Setup
    public void setUp() throws Exception {
        random.nextBytes(message);
        SHA256Digest digest = new SHA256Digest();
        digest.update(message, 0, message.length);
        digest.doFinal(hash, 0);
        X9ECParameters p256 = ECNamedCurveTable.getByName("secp256r1");
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(
                new ECDomainParameters(p256.getCurve(), p256.getG(), p256.getN(), p256.getH()), random));
        bcKeys = generator.generateKeyPair();
        bcSignature = bcSign();
        KeyPairGenerator jca = KeyPairGenerator.getInstance("EC");
        jca.initialize(new ECGenParameterSpec("secp256r1"));
        jcaKeys = jca.generateKeyPair();
        jcaSignature = jcaSign();
        byte[] peerPrivate = new byte[32];
        X25519.generatePrivateKey(random, peerPrivate);
        X25519.generatePublicKey(peerPrivate, 0, peerPublic, 0);
    }

    @Benchmark
    public BigInteger[] bcSign() {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, bcKeys.getPrivate());
        return signer.generateSignature(hash);
    }

    @Benchmark
    public boolean bcVerify() {
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, bcKeys.getPublic());
        return verifier.verifySignature(hash, bcSignature[0], bcSignature[1]);
    }

    @Benchmark
    public byte[] jcaSign() throws Exception {
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(jcaKeys.getPrivate());
        signer.update(message);
        return signer.sign();
    }

    @Benchmark
    public boolean jcaVerify() throws Exception {
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(jcaKeys.getPublic());
        verifier.update(message);
        return verifier.verify(jcaSignature);
    }

    /** The server's ephemeral key pair and the shared secret with the client's key share. */
    @Benchmark
    public byte[] x25519KeyPairAndAgreement() {
        X25519.generatePrivateKey(random, x25519Private);
        X25519.generatePublicKey(x25519Private, 0, x25519Public, 0);
        X25519.calculateAgreement(x25519Private, 0, peerPublic, 0, secret, 0);
        return secret;
    }
}
