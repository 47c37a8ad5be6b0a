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

/**
 * What the DTLS client and server peers share for one handshake: our credentials, the signalled fingerprint
 * check, use_srtp negotiation, key export, and the flags the endpoint reads afterwards. The two BouncyCastle
 * peers extend different base classes, so they delegate here instead of inheriting.
 */
final class DtlsPeerState {

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

    private final BcTlsCrypto crypto;
    private final DtlsCertificate certificate;
    private final DtlsConfig config;
    private final DtlsFingerprint remoteFingerprint;
    private volatile SrtpProfile selectedProfile;
    private volatile DtlsSrtpKeys srtpKeys;
    private volatile boolean closeNotifyReceived;
    private volatile boolean fingerprintMismatch;

    DtlsPeerState(BcTlsCrypto crypto, DtlsCertificate certificate, DtlsConfig config,
            DtlsFingerprint remoteFingerprint) {
        this.crypto = crypto;
        this.certificate = certificate;
        this.config = config;
        this.remoteFingerprint = remoteFingerprint;
    }

    BcTlsCrypto crypto() {
        return crypto;
    }

    DtlsConfig config() {
        return config;
    }

    TlsCredentialedSigner signer(TlsContext context) throws IOException {
        TlsCertificate tlsCert = new BcTlsCertificate(crypto, certificate.derUnsafe());
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto,
                certificate.privateKey(), new Certificate(new TlsCertificate[] {tlsCert}),
                SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    /** Fails the handshake unless the peer's end-entity certificate has the signalled fingerprint. */
    void verifyPeer(Certificate peerCertificate) throws IOException {
        if (peerCertificate == null || peerCertificate.isEmpty()) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "peer sent no certificate");
        }
        byte[] der = peerCertificate.getCertificateAt(0).getEncoded();
        if (!remoteFingerprint.matches(der)) {
            fingerprintMismatch = true;
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "peer certificate fingerprint mismatch");
        }
    }

    /** Client side: offer all our profiles, most preferred first. */
    static void offerSrtp(Hashtable<Integer, byte[]> extensions) throws IOException {
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(SrtpProfile.preferredIds(), EMPTY_MKI));
    }

    /** Client side: the server must answer with exactly one profile we offered. */
    @SuppressWarnings("rawtypes")
    void acceptSrtpAnswer(Hashtable serverExtensions) throws IOException {
        UseSRTPData answer = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
        int[] ids = answer == null ? null : answer.getProtectionProfiles();
        SrtpProfile profile = ids != null && ids.length == 1 ? SrtpProfile.fromId(ids[0]) : null;
        if (profile == null) {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "server selected no usable SRTP profile");
        }
        selectedProfile = profile;
    }

    /** Server side: pick our most preferred profile among those the client offered. */
    @SuppressWarnings("rawtypes")
    void selectFromSrtpOffer(Hashtable clientExtensions) throws IOException {
        UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        SrtpProfile profile = SrtpProfile.selectFrom(offered == null ? null : offered.getProtectionProfiles());
        if (profile == null) {
            // WebRTC cannot carry media without SRTP.
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "no common SRTP protection profile");
        }
        selectedProfile = profile;
    }

    /** Server side: answer use_srtp with the profile {@link #selectFromSrtpOffer} chose. */
    void answerSrtp(Hashtable<Integer, byte[]> extensions) throws IOException {
        TlsSRTPUtils.addUseSRTPExtension(extensions,
                new UseSRTPData(new int[] {selectedProfile.id()}, EMPTY_MKI));
    }

    void alertReceived(short alertDescription) {
        if (alertDescription == AlertDescription.close_notify) {
            closeNotifyReceived = true;
        }
    }

    /**
     * Exports the SRTP keys; BC allows the exporter only from inside notifyHandshakeComplete.
     * RFC 5764 4.2: client key | server key | client salt | server salt, no context value.
     */
    void handshakeComplete(TlsContext context) {
        SrtpProfile profile = selectedProfile;
        byte[] material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null,
                profile.keyingMaterialLength());
        srtpKeys = new DtlsSrtpKeys(profile.id(), material, !context.isServer());
    }

    /** The SRTP keys exported when the handshake completed, else null. */
    DtlsSrtpKeys exportSrtpKeys() {
        return srtpKeys;
    }

    boolean closeNotifyReceived() {
        return closeNotifyReceived;
    }

    boolean fingerprintMismatch() {
        return fingerprintMismatch;
    }
}
