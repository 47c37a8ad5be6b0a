package com.jarvis.ingress.sdp;

/**
 * A PATCH body of {@code application/trickle-ice-sdpfrag} (RFC 8840): the client's ICE credentials (null when the
 * fragment has none), the mid of its first m-section (or null) and how many candidates it carried.
 */
public record TrickleFragment(String iceUfrag, String icePwd, String mid, int candidates, boolean endOfCandidates) {
}
