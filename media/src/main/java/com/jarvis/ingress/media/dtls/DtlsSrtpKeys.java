package com.jarvis.ingress.media.dtls;

import java.util.Arrays;

import com.jarvis.ingress.media.srtp.SrtpKeyMaterial;
import com.jarvis.ingress.media.srtp.SrtpProfile;

/**
 * SRTP keying material exported after the handshake ("EXTRACTOR-dtls_srtp", RFC 5764 4.2): the selected
 * profile id, the raw material laid out as client key | server key | client salt | server salt, and our role.
 */
public record DtlsSrtpKeys(int profileId, byte[] material, boolean weAreClient) {

    public DtlsSrtpKeys {
        SrtpProfile profile = SrtpProfile.fromId(profileId);
        if (profile == null) {
            throw new IllegalArgumentException("unsupported SRTP profile id " + profileId);
        }
        if (material == null || material.length != profile.keyingMaterialLength()) {
            throw new IllegalArgumentException("keying material must be " + profile.keyingMaterialLength()
                    + " bytes for " + profile);
        }
        material = material.clone();
    }

    /** A copy of the exported bytes. */
    @Override
    public byte[] material() {
        return material.clone();
    }

    public SrtpProfile profile() {
        return SrtpProfile.fromId(profileId);
    }

    /** The material split into our and the peer's master keys and salts, ready for an SRTP session. */
    public SrtpKeyMaterial keyMaterial() {
        return SrtpKeyMaterial.fromExported(profile(), material, weAreClient);
    }

    /** Master key protecting what we send. */
    public byte[] localMasterKey() {
        return keyMaterial().localKey();
    }

    /** Master salt for what we send. */
    public byte[] localMasterSalt() {
        return keyMaterial().localSalt();
    }

    /** Master key protecting what the peer sends (what we decrypt). */
    public byte[] remoteMasterKey() {
        return keyMaterial().remoteKey();
    }

    /** Master salt for what the peer sends. */
    public byte[] remoteMasterSalt() {
        return keyMaterial().remoteSalt();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DtlsSrtpKeys other && other.profileId == profileId && other.weAreClient == weAreClient
                && Arrays.equals(other.material, material);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * profileId + Arrays.hashCode(material)) + Boolean.hashCode(weAreClient);
    }

    @Override
    public String toString() {
        // Never print key material.
        return "DtlsSrtpKeys[profile=" + profile() + ", weAreClient=" + weAreClient + "]";
    }
}
