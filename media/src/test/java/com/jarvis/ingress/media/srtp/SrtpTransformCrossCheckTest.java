package com.jarvis.ingress.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The allocation-free primitives against the JCE ones they replace, over lengths the published vectors do not
 * reach: GCM with AAD and ciphertext of every length across block boundaries, SRTCP encrypted and authenticated only
 * (E=0: empty ciphertext, the AAD in two pieces), and HMAC-SHA1 over messages of every length, in one or several
 * pieces.
 */
class SrtpTransformCrossCheckTest {

    @Test
    void gcmMatchesJceForEveryAadAndPayloadLength() throws Exception {
        Random random = new Random(3);
        for (int keyLength : new int[] {16, 32}) {
            byte[] key = new byte[keyLength];
            random.nextBytes(key);
            byte[] salt = new byte[12];
            random.nextBytes(salt);
            SessionKeys keys = new SessionKeys(key, salt, null, key, salt, null);
            SrtpProfile profile = keyLength == 16 ? SrtpProfile.AEAD_AES_128_GCM : SrtpProfile.AEAD_AES_256_GCM;
            AesGcmTransform transform = new AesGcmTransform(profile, keys);
            Cipher jce = Cipher.getInstance("AES/GCM/NoPadding");
            for (int header = 12; header <= 48; header += 4) {
                for (int payload = 0; payload <= 70; payload++) {
                    byte[] packet = new byte[header + payload + 16];
                    random.nextBytes(packet);
                    int ssrc = random.nextInt();
                    long index = random.nextLong() & 0xffffffffffffL;
                    byte[] ours = packet.clone();
                    assertThat(transform.protectRtp(ours, 0, header + payload, header, ssrc, index))
                            .isEqualTo(header + payload + 16);

                    byte[] iv = rtpIv(salt, ssrc, index);
                    jce.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
                    jce.updateAAD(packet, 0, header);
                    byte[] expected = Arrays.copyOf(packet, header + payload + 16);
                    jce.doFinal(packet, header, payload, expected, header);
                    assertThat(Arrays.copyOf(ours, header + payload + 16)).isEqualTo(expected);

                    assertThat(transform.unprotectRtp(ours, 0, header + payload + 16, header, ssrc, index))
                            .isEqualTo(header + payload);
                    assertThat(Arrays.copyOf(ours, header + payload)).isEqualTo(Arrays.copyOf(packet, header + payload));
                }
            }
        }
    }

    @Test
    void gcmSrtcpMatchesJceEncryptedAndAuthenticatedOnly() throws Exception {
        Random random = new Random(9);
        byte[] key = new byte[16];
        byte[] salt = new byte[12];
        random.nextBytes(key);
        random.nextBytes(salt);
        AesGcmTransform transform = new AesGcmTransform(SrtpProfile.AEAD_AES_128_GCM,
                new SessionKeys(key, salt, null, key, salt, null));
        for (int len = 8; len <= 60; len += 4) {
            byte[] rtcp = new byte[len];
            random.nextBytes(rtcp);
            rtcp[0] = (byte) 0x80;
            int ssrc = ((rtcp[4] & 0xff) << 24) | ((rtcp[5] & 0xff) << 16) | ((rtcp[6] & 0xff) << 8) | (rtcp[7] & 0xff);
            int index = random.nextInt() & 0x7fffffff;
            for (boolean encrypted : new boolean[] {true, false}) {
                int eIndex = (encrypted ? 0x80000000 : 0) | index;
                byte[] word = new byte[4];
                AesCmHmacTransform.writeInt(word, 0, eIndex);
                int aadLen = encrypted ? 8 : len;
                Cipher jce = Cipher.getInstance("AES/GCM/NoPadding"); // JCE refuses one IV twice per instance
                jce.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"),
                        new GCMParameterSpec(128, rtcpIv(salt, ssrc, index)));
                jce.updateAAD(rtcp, 0, aadLen);
                jce.updateAAD(word);
                byte[] expected = new byte[len + 16 + 4]; // header (or all, E=0), ciphertext, tag, E|index
                System.arraycopy(rtcp, 0, expected, 0, aadLen);
                jce.doFinal(rtcp, aadLen, len - aadLen, expected, aadLen);
                System.arraycopy(word, 0, expected, len + 16, 4);
                if (encrypted) {
                    byte[] ours = Arrays.copyOf(rtcp, len + 20);
                    assertThat(transform.protectRtcp(ours, 0, len, ssrc, index)).isEqualTo(len + 20);
                    assertThat(ours).as("protect, %d bytes", len).isEqualTo(expected);
                }
                byte[] received = expected.clone();
                assertThat(transform.unprotectRtcp(received, 0, len + 20, ssrc, eIndex)).isEqualTo(len);
                assertThat(Arrays.copyOf(received, len)).as("unprotect, E=%s", encrypted).isEqualTo(rtcp);
                received = expected.clone();
                received[len + 3] ^= 1; // inside the tag
                assertThat(transform.unprotectRtcp(received, 0, len + 20, ssrc, eIndex))
                        .isEqualTo(SrtpDropReason.AUTH_FAILED.code());
            }
        }
    }

    /** RFC 7714 section 9.1, written out independently of the transform. */
    private static byte[] rtcpIv(byte[] salt, int ssrc, int index) {
        byte[] iv = new byte[12];
        for (int i = 0; i < 4; i++) {
            iv[2 + i] = (byte) (ssrc >>> (24 - 8 * i));
            iv[8 + i] = (byte) (index >>> (24 - 8 * i));
        }
        for (int i = 0; i < 12; i++) {
            iv[i] ^= salt[i];
        }
        return iv;
    }

    @Test
    void gcmRejectsAnyFlippedBit() {
        byte[] key = new byte[16];
        byte[] salt = new byte[12];
        AesGcmTransform transform = new AesGcmTransform(SrtpProfile.AEAD_AES_128_GCM,
                new SessionKeys(key, salt, null, key, salt, null));
        byte[] packet = new byte[12 + 20 + 16];
        packet[0] = (byte) 0x80;
        int n = transform.protectRtp(packet, 0, 32, 12, 1, 5);
        for (int bit = 0; bit < n * 8; bit++) {
            byte[] bad = packet.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(transform.unprotectRtp(bad, 0, n, 12, 1, 5)).isEqualTo(SrtpDropReason.AUTH_FAILED.code());
        }
        assertThat(transform.unprotectRtp(packet, 0, n, 12, 1, 6)).isEqualTo(SrtpDropReason.AUTH_FAILED.code());
    }

    @Test
    void hmacSha1MatchesJce() throws Exception {
        Random random = new Random(5);
        byte[] key = new byte[20];
        random.nextBytes(key);
        HmacSha1 ours = new HmacSha1(key);
        Mac jce = Mac.getInstance("HmacSHA1");
        jce.init(new SecretKeySpec(key, "HmacSHA1"));
        byte[] tag = new byte[20 + 3];
        for (int len = 0; len <= 300; len++) {
            byte[] message = new byte[len];
            random.nextBytes(message);
            int split = len / 3;
            ours.update(message, 0, split);
            ours.update(message, split, len - split);
            ours.doFinal(tag, 3);
            assertThat(Arrays.copyOfRange(tag, 3, 23)).isEqualTo(jce.doFinal(message));
        }
    }

    /** RFC 7714 section 8.1, written out independently of the transform. */
    private static byte[] rtpIv(byte[] salt, int ssrc, long index) {
        byte[] iv = new byte[12];
        for (int i = 0; i < 4; i++) {
            iv[2 + i] = (byte) (ssrc >>> (24 - 8 * i));
        }
        for (int i = 0; i < 6; i++) {
            iv[6 + i] = (byte) (index >>> (40 - 8 * i));
        }
        for (int i = 0; i < 12; i++) {
            iv[i] ^= salt[i];
        }
        return iv;
    }
}
