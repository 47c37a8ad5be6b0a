package com.jarvis.ingress.media.dtls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;

/**
 * Our self-signed ECDSA P-256 certificate and private key, generated once at start-up and shared by every
 * transport (as mediasoup does); peers authenticate it by the fingerprints we signal.
 */
public final class DtlsCertificate {

    /** The algorithms WebRTC peers may ask for, strongest last. */
    public static final List<String> FINGERPRINT_ALGORITHMS =
            List.of("sha-1", "sha-224", "sha-256", "sha-384", "sha-512");

    private static final long DAY_MILLIS = 24L * 3600 * 1000;

    private final byte[] der;
    private final AsymmetricKeyParameter privateKey;
    private final List<DtlsFingerprint> fingerprints;

    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey) {
        this.der = der;
        this.privateKey = privateKey;
        this.fingerprints = FINGERPRINT_ALGORITHMS.stream().map(a -> DtlsFingerprint.of(a, der)).toList();
    }

    /** Generates a fresh key pair and certificate (a few milliseconds). */
    public static DtlsCertificate generate() {
        return generate(new SecureRandom());
    }

    public static DtlsCertificate generate(SecureRandom random) {
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(
                ECNamedDomainParameters.lookup(SECObjectIdentifiers.secp256r1), random));
        AsymmetricCipherKeyPair keyPair = generator.generateKeyPair();
        try {
            // Fingerprint pinning is what authenticates, so the name and the long validity carry no trust.
            X500Name name = new X500Name("CN=jarvis-ingress-" + Long.toHexString(random.nextLong() >>> 1));
            long now = System.currentTimeMillis();
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(name,
                    new BigInteger(63, random).add(BigInteger.ONE), new Date(now - DAY_MILLIS),
                    new Date(now + 3650 * DAY_MILLIS), name,
                    SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(keyPair.getPublic()));
            AlgorithmIdentifier sigAlg = new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");
            AlgorithmIdentifier digAlg = new DefaultDigestAlgorithmIdentifierFinder().find(sigAlg);
            byte[] der = builder.build(new BcECContentSignerBuilder(sigAlg, digAlg).build(keyPair.getPrivate()))
                    .getEncoded();
            return new DtlsCertificate(der, keyPair.getPrivate());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign certificate", e);
        }
    }

    /** The certificate in DER. */
    public byte[] der() {
        return der.clone();
    }

    /** Fingerprint with the given algorithm ({@code sha-1} .. {@code sha-512}). */
    public DtlsFingerprint fingerprint(String algorithm) {
        for (DtlsFingerprint f : fingerprints) {
            if (f.algorithm().equalsIgnoreCase(algorithm.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unsupported fingerprint algorithm '" + algorithm + "'");
    }

    /** The sha-256 fingerprint, the one WebRTC peers use. */
    public DtlsFingerprint sha256() {
        return fingerprint("sha-256");
    }

    /** All fingerprints, in {@link #FINGERPRINT_ALGORITHMS} order, for {@code dtlsParameters.fingerprints}. */
    public List<DtlsFingerprint> fingerprints() {
        return fingerprints;
    }

    byte[] derUnsafe() {
        return der;
    }

    AsymmetricKeyParameter privateKey() {
        return privateKey;
    }
}
