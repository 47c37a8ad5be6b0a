package com.jarvis.ingress.media.dtls;

import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.modes.AEADBlockCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.gcm.BasicGCMMultiplier;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The BouncyCastle TLS crypto every endpoint shares (it is stateless apart from its thread-safe SecureRandom).
 * Its AES-GCM record ciphers use the untabled GHASH multiplier: the default one keeps an 8 KB table per direction,
 * 16 KB per connected transport for the life of the session, while after the handshake DTLS only carries the
 * data channel's SCTP, a few records a second at most.
 */
final class LeanTlsCrypto extends BcTlsCrypto {
    static final LeanTlsCrypto INSTANCE = new LeanTlsCrypto();

    private LeanTlsCrypto() {
    }

    @Override
    protected AEADBlockCipher createGCMMode(BlockCipher engine) {
        return GCMBlockCipher.newInstance(engine, new BasicGCMMultiplier());
    }
}
