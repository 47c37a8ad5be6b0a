package com.jarvis.ingress.media.dtls;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Test listener that records states, keys and application data and lets a test wait for them. */
final class RecordingListener implements DtlsListener {

    final List<DtlsState> states = new CopyOnWriteArrayList<>();
    final List<byte[]> data = new CopyOnWriteArrayList<>();
    final CountDownLatch connected = new CountDownLatch(1);
    final CountDownLatch terminal = new CountDownLatch(1);
    volatile DtlsSrtpKeys keys;
    volatile long connectedAtNanos;

    @Override
    public void onStateChanged(DtlsState state) {
        states.add(state);
        if (state == DtlsState.CONNECTED) {
            connectedAtNanos = System.nanoTime();
            connected.countDown();
        }
        if (state.isTerminal()) {
            terminal.countDown();
        }
    }

    @Override
    public void onSrtpKeys(DtlsSrtpKeys keys) {
        this.keys = keys;
    }

    @Override
    public void onApplicationData(byte[] buf, int off, int len) {
        data.add(Arrays.copyOfRange(buf, off, off + len));
    }

    boolean awaitConnected(long millis) throws InterruptedException {
        return connected.await(millis, TimeUnit.MILLISECONDS);
    }

    boolean awaitTerminal(long millis) throws InterruptedException {
        return terminal.await(millis, TimeUnit.MILLISECONDS);
    }
}
