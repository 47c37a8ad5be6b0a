package com.jarvis.ingress.media.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.Channel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.Selector;
import java.nio.channels.spi.AbstractSelectableChannel;

/**
 * What {@link UdpEndpoint} and {@link TcpListener} share: one bound non-blocking channel on its own selector,
 * served by one I/O thread, and a close that wakes that thread and frees the port before returning.
 */
final class SelectorChannels {

    private SelectorChannels() {
    }

    /**
     * Binds a freshly opened channel non-blocking and registers it on a new selector for {@code interestOps};
     * on failure closes what was opened (the channel included) and rethrows.
     */
    static <C extends AbstractSelectableChannel & NetworkChannel> Selector bindAndRegister(C channel,
            InetSocketAddress bindAddress, boolean reuseAddress, int interestOps) throws IOException {
        Selector selector = null;
        try {
            if (reuseAddress) {
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            }
            channel.configureBlocking(false);
            channel.bind(bindAddress);
            selector = Selector.open();
            channel.register(selector, interestOps);
            return selector;
        } catch (IOException | RuntimeException e) {
            if (selector != null) {
                selector.close();
            }
            channel.close();
            throw e;
        }
    }

    /** Wakes the I/O thread (which has seen the closed flag set) and, unless called on it, waits for it to end. */
    static void wakeAndJoin(Selector selector, Thread ioThread, long waitMillis) {
        selector.wakeup();
        if (Thread.currentThread() != ioThread && ioThread.isAlive()) {
            try {
                ioThread.join(waitMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Closes the selector first: that deregisters the channel, so closing it then really releases the port. */
    static void closeQuietly(Selector selector, Channel channel) {
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
        closeQuietly(channel);
    }

    static void closeQuietly(Channel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }
}
