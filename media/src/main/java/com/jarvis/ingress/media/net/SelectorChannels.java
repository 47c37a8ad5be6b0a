package com.jarvis.ingress.media.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.Channel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.Selector;
import java.nio.channels.spi.AbstractSelectableChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * What {@link UdpEndpoint} and {@link TcpListener} share: one bound non-blocking channel on its own selector,
 * served by one I/O thread, and a close that wakes that thread and frees the port before returning.
 */
final class SelectorChannels {

    private SelectorChannels() {
    }

    /**
     * Binds a freshly opened channel non-blocking and registers it on a new selector for {@code interestOps};
     * {@code reusePort} lets other sockets of this process join the port (several I/O threads on one port).
     * On failure closes what was opened (the channel included) and rethrows.
     */
    static <C extends AbstractSelectableChannel & NetworkChannel> Selector bindAndRegister(C channel,
            InetSocketAddress bindAddress, boolean reuseAddress, boolean reusePort, int interestOps)
            throws IOException {
        Selector selector = null;
        try {
            if (reuseAddress) {
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            }
            if (reusePort) {
                channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
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

    /** Binds one endpoint of a shared port; {@code suffix} ends its thread's name. */
    interface PortBinder<T> {
        T bind(InetSocketAddress at, String suffix) throws IOException;
    }

    /**
     * {@code count} endpoints on one port: the first binds {@code first} (port 0 picks a free one), the others join
     * its port (they set {@code SO_REUSEPORT}); thread name suffixes {@code -0..-(count-1)}. On failure closes what
     * was bound and rethrows.
     */
    static <T> List<T> bindOnOnePort(InetSocketAddress first, int count, PortBinder<T> binder, ToIntFunction<T> port,
            Consumer<T> close) throws IOException {
        List<T> bound = new ArrayList<>(count);
        try {
            InetSocketAddress at = first;
            for (int i = 0; i < count; i++) {
                T endpoint = binder.bind(at, "-" + i);
                bound.add(endpoint);
                at = new InetSocketAddress(first.getAddress(), port.applyAsInt(endpoint));
            }
        } catch (IOException | RuntimeException e) {
            bound.forEach(close);
            throw e;
        }
        return List.copyOf(bound);
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
