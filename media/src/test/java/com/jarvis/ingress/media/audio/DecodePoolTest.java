package com.jarvis.ingress.media.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DecodePoolTest {
    private static final List<byte[]> TONE =
            TestSignals.opus(TestSignals.sine(440, 48000, 48000, 10000), 48000, 1, 32000, true);

    private final DecodePool pool = new DecodePool(2);

    @AfterEach
    void close() {
        pool.close();
    }

    /** Records frames (copied) with their sequence numbers and threads. */
    static final class Frames implements AudioSink {
        final List<short[]> pcm = new CopyOnWriteArrayList<>();
        final List<Integer> seqs = new CopyOnWriteArrayList<>();
        final List<Boolean> concealed = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public void onAudio(AudioFrame frame) {
            pcm.add(frame.copyPcm());
            seqs.add(frame.sequenceNumber());
            concealed.add(frame.concealed());
            threads.add(Thread.currentThread().getName());
        }

        short[] all() {
            return TestSignals.concat(new ArrayList<>(pcm));
        }
    }

    /** A sink that holds its decode thread from the first frame until released. */
    static final class StuckSink implements AudioSink {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void onAudio(AudioFrame frame) {
            entered.countDown();
            awaitQuietly(release);
        }
    }

    @ParameterizedTest
    @EnumSource(value = OpusImplementation.class, names = {"NATIVE", "JAVA"})
    void decodesEachStreamInOrderOnThePoolThreads(OpusImplementation impl) throws Exception {
        Frames a = new Frames();
        Frames b = new Frames();
        DecodePool.Lane laneA = pool.open(new OpusStreamDecoder(OpusAudioDecoderTest.decoder(impl), a), 50);
        DecodePool.Lane laneB = pool.open(new OpusStreamDecoder(OpusAudioDecoderTest.decoder(impl), b), 50);

        for (int i = 0; i < TONE.size(); i++) {
            byte[] p = TONE.get(i);
            while (!laneA.offer(p, 0, p.length, 960L * i, i, 0, false)) {
                Thread.sleep(1); // the test sends faster than real time; a real sender does not
            }
            while (!laneB.offer(p, 0, p.length, 960L * i, i, 0, false)) {
                Thread.sleep(1);
            }
        }

        assertThat(await(() -> a.seqs.size() == TONE.size() && b.seqs.size() == TONE.size())).isTrue();
        for (Frames f : List.of(a, b)) {
            assertThat(f.seqs).isSorted().doesNotHaveDuplicates();
            assertThat(f.threads).allMatch(t -> t.startsWith("opus-decode-"));
            short[] pcm = f.all();
            assertThat(pcm).hasSize(16000);
            assertThat(ToneAnalyzer.dominantFrequency(pcm, 1600, pcm.length - 1600, 16000)).isCloseTo(440, within(10.0));
        }
    }

    @Test
    void lostPacketsAreRecoveredByFecOrConcealedOnTheDecodeThread() throws Exception {
        Frames f = new Frames();
        DecodePool.Lane lane = pool.open(new OpusStreamDecoder(new OpusAudioDecoder(), f), 50);
        for (int i = 0; i < 10; i++) {
            lane.offer(TONE.get(i), 0, TONE.get(i).length, 960L * i, i, 0, false);
        }
        lane.offer(TONE.get(11), 0, TONE.get(11).length, 960L * 11, 11, 1, false); // 10 lost: FEC
        lane.offer(TONE.get(15), 0, TONE.get(15).length, 960L * 15, 15, 3, false); // 12-14 lost: concealed

        // One FEC frame for 10, one concealed frame of 60 ms for 12-14 (numbered 12).
        assertThat(await(() -> f.seqs.size() == 14)).isTrue();
        assertThat(f.seqs).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15);
        assertThat(f.concealed.subList(10, 14)).containsExactly(true, false, true, false);
        assertThat(f.pcm.get(10)).hasSize(320);
        assertThat(f.pcm.get(12)).hasSize(3 * 320);
    }

    @Test
    void aSlowSinkNeverBlocksTheOfferingThreadAndAFullLaneRefusesPackets() throws Exception {
        StuckSink stuck = new StuckSink();
        CountDownLatch entered = stuck.entered;
        CountDownLatch release = stuck.release;
        DecodePool.Lane slow = pool.open(new OpusStreamDecoder(new OpusAudioDecoder(), stuck), 4);
        Frames other = new Frames();
        DecodePool.Lane fast = pool.open(new OpusStreamDecoder(new OpusAudioDecoder(), other), 50);
        try {
            byte[] p = TONE.get(0);
            assertThat(slow.offer(p, 0, p.length, 0, 0, 0, false)).isTrue();
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue(); // a decode thread is stuck in the sink

            int accepted = 0;
            for (int i = 1; i <= 10; i++) {
                accepted += slow.offer(p, 0, p.length, 960L * i, i, 0, false) ? 1 : 0; // returns at once
            }
            // The packet in delivery still holds its slot until its sink call returns.
            assertThat(accepted).as("lane capacity").isEqualTo(3);
            assertThat(slow.queued()).isEqualTo(4);

            // Another stream still decodes on the pool's other thread.
            for (int i = 0; i < 20; i++) {
                assertThat(fast.offer(TONE.get(i), 0, TONE.get(i).length, 960L * i, i, 0, false)).isTrue();
            }
            assertThat(await(() -> other.seqs.size() == 20)).isTrue();
        } finally {
            release.countDown();
        }
    }

    @Test
    void closeWaitsForTheFrameBeingDeliveredThenNothingMoreArrivesAndTheDecoderIsFreed() throws Exception {
        int before = LibOpusCodec.liveStates();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> delivered = new CopyOnWriteArrayList<>();
        AudioSink sink = frame -> {
            delivered.add(frame.sequenceNumber());
            entered.countDown();
            awaitQuietly(release);
        };
        DecodePool.Lane lane = pool.open(
                new OpusStreamDecoder(OpusDecoders.select(OpusImplementation.NATIVE).create(), sink), 50);
        assertThat(LibOpusCodec.liveStates()).isEqualTo(before + 1);
        for (int i = 0; i < 5; i++) {
            lane.offer(TONE.get(i), 0, TONE.get(i).length, 960L * i, i, 0, false);
        }
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(lane::close);
        Thread.sleep(100);
        assertThat(closing).as("close waits for the frame in delivery").isNotDone();
        release.countDown();
        closing.get(10, TimeUnit.SECONDS);

        assertThat(LibOpusCodec.liveStates()).isEqualTo(before);
        Thread.sleep(100);
        assertThat(delivered).containsExactly(0);
        assertThat(lane.offer(TONE.get(5), 0, TONE.get(5).length, 0, 5, 0, false)).isFalse();
        lane.close(); // idempotent
    }

    @Test
    void oversizedPayloadsCannotGrowALaneBeyondItsMemoryBound() throws Exception {
        StuckSink stuck = new StuckSink();
        CountDownLatch entered = stuck.entered;
        CountDownLatch release = stuck.release;
        DecodePool.Lane lane = pool.open(new OpusStreamDecoder(new OpusAudioDecoder(), stuck), 50);
        try {
            assertThat(lane.offer(TONE.get(0), 0, TONE.get(0).length, 0, 0, 0, false)).isTrue();
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue(); // the lane's thread is held in the sink
            byte[] big = new byte[OpusAudioDecoder.MAX_PACKET_BYTES];
            int accepted = 0;
            for (int i = 1; i < 50; i++) {
                accepted += lane.offer(big, 0, big.length, 960L * i, i, 0, false) ? 1 : 0;
            }
            // The first packet's slot holds 256 bytes; the rest of the lane's memory takes 8 packets of 4000.
            assertThat(accepted).isEqualTo((DecodePool.MAX_LANE_BYTES - 256) / big.length);
            assertThat(lane.queued()).isEqualTo(1 + accepted);
            byte[] tooLong = new byte[OpusAudioDecoder.MAX_PACKET_BYTES + 1];
            assertThat(lane.offer(tooLong, 0, tooLong.length, 0, 100, 0, false)).isFalse();
            assertThat(lane.offer(TONE.get(1), 0, TONE.get(1).length, 960, 101, 0, false))
                    .as("small packets still fit a free 256-byte slot").isTrue();
        } finally {
            release.countDown();
            lane.close();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void lanesWaitingForABusyThreadAreCountedAndASinkThatThrowsIsCountedWithoutStoppingThePool() throws Exception {
        try (DecodePool one = new DecodePool(1)) {
            StuckSink stuck = new StuckSink();
            DecodePool.Lane held = one.open(new OpusStreamDecoder(new OpusAudioDecoder(), stuck), 4);
            Frames frames = new Frames();
            DecodePool.Lane waiting = one.open(new OpusStreamDecoder(new OpusAudioDecoder(), frames), 4);
            DecodePool.Lane throwing = one.open(new OpusStreamDecoder(new OpusAudioDecoder(), frame -> {
                throw new IllegalStateException("a sink's bug");
            }), 4);
            byte[] p = TONE.get(0);
            assertThat(one.readyLanes()).isZero();
            held.offer(p, 0, p.length, 0, 0, 0, false);
            assertThat(stuck.entered.await(10, TimeUnit.SECONDS)).isTrue(); // the only thread is busy

            waiting.offer(p, 0, p.length, 0, 0, 0, false);
            throwing.offer(p, 0, p.length, 0, 0, 0, false);
            assertThat(one.readyLanes()).isEqualTo(2);

            stuck.release.countDown();
            assertThat(await(() -> one.readyLanes() == 0 && frames.seqs.size() == 1 && one.failures() == 1)).isTrue();
            waiting.offer(p, 0, p.length, 960, 1, 0, false);
            assertThat(await(() -> frames.seqs.size() == 2)).as("the pool goes on after a sink threw").isTrue();
        }
    }

    private static boolean await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(5);
        }
        return condition.getAsBoolean();
    }
}
