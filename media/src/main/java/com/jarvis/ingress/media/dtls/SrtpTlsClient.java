package com.jarvis.ingress.media.dtls;

import java.io.IOException;
import java.util.Hashtable;

import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsServerCertificate;

/**
 * DTLS 1.2 client side for WebRTC: offers our SRTP profiles, checks the server certificate against the
 * signalled fingerprint, answers the certificate request with our ECDSA certificate, no resumption.
 */
final class SrtpTlsClient extends DefaultTlsClient {

    private final DtlsPeerState state;

    SrtpTlsClient(DtlsPeerState state) {
        super(state.crypto());
        this.state = state;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return DtlsPeerState.CIPHER_SUITES.clone();
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return state.config().handshakeTimeoutMillis();
    }

    @Override
    public int getHandshakeResendTimeMillis() {
        return state.config().initialRetransmitMillis();
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = super.getClientExtensions();
        DtlsPeerState.offerSrtp(extensions);
        return extensions;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        state.acceptSrtpAnswer(serverExtensions);
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                state.verifyPeer(serverCertificate.getCertificate());
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                return state.signer(context);
            }
        };
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        state.alertReceived(alertDescription);
    }

    @Override
    public void notifyAlertRaised(short alertLevel, short alertDescription, String message, Throwable cause) {
        // Failures are reported through the endpoint state; BC's default would print to stderr.
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        state.handshakeComplete(context);
    }
}
