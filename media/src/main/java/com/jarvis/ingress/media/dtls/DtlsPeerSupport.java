package com.jarvis.ingress.media.dtls;

import java.io.IOException;
import java.util.Hashtable;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

import com.jarvis.ingress.media.srtp.SrtpProfile;

/** What the DTLS client and server peers share: cipher suites, credentials, fingerprint check, key export. */
final class DtlsPeerSupport {

    /** ECDHE with AES-GCM first (ECDSA before RSA), then the rest of what Chrome offers. */
    static final int[] CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
    };

    private static final byte[] EMPTY_MKI = new byte[0];

    private DtlsPeerSupport() {
    }

    static TlsCredentialedSigner signer(TlsContext context, BcTlsCrypto crypto, DtlsCertificate certificate)
            throws IOException {
        TlsCertificate tlsCert = new BcTlsCertificate(crypto, certificate.derUnsafe());
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto,
                certificate.privateKey(), new Certificate(new TlsCertificate[] {tlsCert}),
                SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    /** Fails the handshake unless the peer's end-entity certificate has the signalled fingerprint. */
    static void verifyPeer(Certificate peerCertificate, DtlsFingerprint expected, Runnable onMismatch)
            throws IOException {
        if (peerCertificate == null || peerCertificate.isEmpty()) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "peer sent no certificate");
        }
        byte[] der = peerCertificate.getCertificateAt(0).getEncoded();
        if (!expected.matches(der)) {
            onMismatch.run();
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "peer certificate fingerprint mismatch");
        }
    }

    static void offerSrtp(Hashtable<Integer, byte[]> extensions) throws IOException {
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(SrtpProfile.preferredIds(), EMPTY_MKI));
    }

    static void answerSrtp(Hashtable<Integer, byte[]> extensions, SrtpProfile selected) throws IOException {
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(new int[] {selected.id()}, EMPTY_MKI));
    }

    /** RFC 5764 4.2: client key | server key | client salt | server salt, no context value. */
    static DtlsSrtpKeys exportKeys(TlsContext context, SrtpProfile profile) {
        byte[] material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null,
                profile.keyingMaterialLength());
        return new DtlsSrtpKeys(profile.id(), material, !context.isServer());
    }
}
