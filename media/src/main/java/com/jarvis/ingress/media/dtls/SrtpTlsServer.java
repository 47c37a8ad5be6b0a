package com.jarvis.ingress.media.dtls;

import java.io.IOException;
import java.util.Hashtable;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

import com.jarvis.ingress.media.srtp.SrtpProfile;

/**
 * DTLS 1.2 server side for WebRTC: ECDSA credentials, mandatory client certificate checked against the
 * signalled fingerprint, use_srtp answered with our most preferred common profile, no resumption.
 */
final class SrtpTlsServer extends DefaultTlsServer implements SrtpPeer {

    private final BcTlsCrypto bcCrypto;
    private final DtlsCertificate certificate;
    private final DtlsConfig config;
    private final DtlsFingerprint remoteFingerprint;
    private volatile SrtpProfile selectedProfile;
    private volatile DtlsSrtpKeys srtpKeys;
    private volatile boolean closeNotifyReceived;
    private volatile boolean fingerprintMismatch;

    SrtpTlsServer(BcTlsCrypto crypto, DtlsCertificate certificate, DtlsConfig config,
            DtlsFingerprint remoteFingerprint) {
        super(crypto);
        this.bcCrypto = crypto;
        this.certificate = certificate;
        this.config = config;
        this.remoteFingerprint = remoteFingerprint;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return DtlsPeerSupport.CIPHER_SUITES.clone();
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return config.handshakeTimeoutMillis();
    }

    @Override
    public int getHandshakeResendTimeMillis() {
        return config.initialRetransmitMillis();
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        return DtlsPeerSupport.signer(context, bcCrypto, certificate);
    }

    @Override
    public CertificateRequest getCertificateRequest() {
        short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
        return new CertificateRequest(types, TlsUtils.getDefaultSupportedSignatureAlgorithms(context), null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        DtlsPeerSupport.verifyPeer(clientCertificate, remoteFingerprint, () -> fingerprintMismatch = true);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        SrtpProfile profile = SrtpProfile.selectFrom(offered == null ? null : offered.getProtectionProfiles());
        if (profile == null) {
            // WebRTC cannot carry media without SRTP.
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "no common SRTP protection profile");
        }
        selectedProfile = profile;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = super.getServerExtensions();
        DtlsPeerSupport.answerSrtp(extensions, selectedProfile);
        return extensions;
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        if (alertDescription == AlertDescription.close_notify) {
            closeNotifyReceived = true;
        }
    }

    @Override
    public void notifyAlertRaised(short alertLevel, short alertDescription, String message, Throwable cause) {
        // Failures are reported through the endpoint state; BC's default would print to stderr.
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        // BC allows the exporter only from inside this callback.
        srtpKeys = DtlsPeerSupport.exportKeys(context, selectedProfile);
    }

    @Override
    public DtlsSrtpKeys exportSrtpKeys() {
        return srtpKeys;
    }

    @Override
    public boolean closeNotifyReceived() {
        return closeNotifyReceived;
    }

    @Override
    public boolean fingerprintMismatch() {
        return fingerprintMismatch;
    }

}
