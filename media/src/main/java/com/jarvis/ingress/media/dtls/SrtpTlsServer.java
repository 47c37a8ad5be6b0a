package com.jarvis.ingress.media.dtls;

import java.io.IOException;
import java.util.Hashtable;

import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsUtils;

/**
 * DTLS 1.2 server side for WebRTC: ECDSA credentials, mandatory client certificate checked against the
 * signalled fingerprint, use_srtp answered with our most preferred common profile, no resumption.
 */
final class SrtpTlsServer extends DefaultTlsServer {

    private final DtlsPeerState state;

    SrtpTlsServer(DtlsPeerState state) {
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
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        return state.signer(context);
    }

    @Override
    public CertificateRequest getCertificateRequest() {
        short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
        return new CertificateRequest(types, TlsUtils.getDefaultSupportedSignatureAlgorithms(context), null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        state.verifyPeer(clientCertificate);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        state.selectFromSrtpOffer(clientExtensions);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = super.getServerExtensions();
        state.answerSrtp(extensions);
        return extensions;
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
