package com.jarvis.ingress.media.dtls;

import java.io.IOException;
import java.util.Hashtable;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

import com.jarvis.ingress.media.srtp.SrtpProfile;

/**
 * DTLS 1.2 client side for WebRTC: offers our SRTP profiles, checks the server certificate against the
 * signalled fingerprint, answers the certificate request with our ECDSA certificate, no resumption.
 */
final class SrtpTlsClient extends DefaultTlsClient implements SrtpPeer {

    private final BcTlsCrypto bcCrypto;
    private final DtlsCertificate certificate;
    private final DtlsConfig config;
    private final DtlsFingerprint remoteFingerprint;
    private volatile SrtpProfile selectedProfile;
    private volatile DtlsSrtpKeys srtpKeys;
    private volatile boolean closeNotifyReceived;
    private volatile boolean fingerprintMismatch;

    SrtpTlsClient(BcTlsCrypto crypto, DtlsCertificate certificate, DtlsConfig config,
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
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = super.getClientExtensions();
        DtlsPeerSupport.offerSrtp(extensions);
        return extensions;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        UseSRTPData answer = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
        int[] ids = answer == null ? null : answer.getProtectionProfiles();
        SrtpProfile profile = ids != null && ids.length == 1 ? SrtpProfile.fromId(ids[0]) : null;
        if (profile == null) {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "server selected no usable SRTP profile");
        }
        selectedProfile = profile;
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                DtlsPeerSupport.verifyPeer(serverCertificate.getCertificate(), remoteFingerprint,
                        () -> fingerprintMismatch = true);
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                return DtlsPeerSupport.signer(context, bcCrypto, certificate);
            }
        };
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
