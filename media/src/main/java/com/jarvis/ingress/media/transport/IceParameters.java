package com.jarvis.ingress.media.transport;

/** {@code transportOptions.iceParameters}: local credentials; we are always ICE-lite. */
public record IceParameters(String usernameFragment, String password, boolean iceLite) {
    @Override
    public String toString() {
        return "IceParameters[usernameFragment=" + usernameFragment + ", iceLite=" + iceLite + "]";
    }
}
