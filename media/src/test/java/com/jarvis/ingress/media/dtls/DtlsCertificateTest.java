package com.jarvis.ingress.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.bc.BcECContentVerifierProviderBuilder;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.junit.jupiter.api.Test;

class DtlsCertificateTest {

    @Test
    void isASelfSignedEcdsaP256Certificate() throws Exception {
        DtlsCertificate cert = DtlsCertificate.generate();
        X509CertificateHolder holder = new X509CertificateHolder(cert.der());
        assertThat(holder.getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm())
                .isEqualTo(X9ObjectIdentifiers.id_ecPublicKey);
        assertThat(holder.getSubjectPublicKeyInfo().getAlgorithm().getParameters())
                .isEqualTo(SECObjectIdentifiers.secp256r1);
        assertThat(holder.getSignatureAlgorithm().getAlgorithm()).isEqualTo(X9ObjectIdentifiers.ecdsa_with_SHA256);
        assertThat(holder.getIssuer()).isEqualTo(holder.getSubject());
        assertThat(holder.isSignatureValid(
                new BcECContentVerifierProviderBuilder(new DefaultDigestAlgorithmIdentifierFinder()).build(holder)))
                .isTrue();
    }

    @Test
    void fingerprintsAreTheWebRtcOnesOfItsDer() {
        DtlsCertificate cert = DtlsCertificate.generate();
        assertThat(cert.fingerprints()).extracting(DtlsFingerprint::algorithm)
                .containsExactly("sha-1", "sha-224", "sha-256", "sha-384", "sha-512");
        assertThat(cert.sha256().value()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(cert.sha256().matches(cert.der())).isTrue();
        assertThat(cert.fingerprint("SHA-512")).isEqualTo(DtlsFingerprint.of("sha-512", cert.der()));
        assertThat(DtlsCertificate.generate().sha256()).isNotEqualTo(cert.sha256());
    }
}
