package org.splicelab.stress;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs worker threads together for the configured time ({@code -Dsplicelab.stress.seconds}, default 2;
 * {@code -Pstress} sets 60) and prints the seed and iteration counts, so a failing run can be repeated
 * with {@code -Dsplicelab.stress.seed=S}.
 */
final class StressRun {
    interface Worker {
        /** One iteration; returns normally or throws to fail the test. */
        void step(int thread, java.util.SplittableRandom random);
    }

    final long seed;
    final long millis;

    private StressRun(final long seed, final long millis) {
        this.seed = seed;
        this.millis = millis;
    }

    static StressRun configured(final String name) {
        final String s = System.getProperty("splicelab.stress.seed");
        final long seed = s == null || s.isBlank() ? System.nanoTime() : Long.parseLong(s.trim());
        final double seconds = Double.parseDouble(System.getProperty("splicelab.stress.seconds", "2"));
        final StressRun run = new StressRun(seed, (long) (seconds * 1000));
        System.out.printf("[%s] seed=%d duration=%.1fs (repeat with -Dsplicelab.stress.seed=%d)%n",
            name, seed, seconds, seed);
        return run;
    }

    /** Runs {@code threads} workers until the time is up; returns iterations per thread. */
    long[] run(final String name, final int threads, final Worker worker) throws InterruptedException {
        final long[] iterations = new long[threads];
        final CountDownLatch start = new CountDownLatch(1);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final List<Thread> list = new ArrayList<>();
        final long deadline = System.nanoTime() + millis * 1_000_000L + 50_000_000L;
        for (int t = 0; t < threads; t++) {
            final int id = t;
            final Thread thread = new Thread(() -> {
                final java.util.SplittableRandom random = new java.util.SplittableRandom(seed + 0x9E37_79B9L * id);
                try {
                    start.await();
                    long n = 0;
                    while (failure.get() == null && ((n & 1023) != 0 || System.nanoTime() < deadline)) {
                        worker.step(id, random);
                        n++;
                    }
                    iterations[id] = n;
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, name + "-" + t);
            list.add(thread);
            thread.start();
        }
        start.countDown();
        for (final Thread thread : list) {
            thread.join();
        }
        long total = 0;
        for (final long n : iterations) {
            total += n;
        }
        System.out.printf("[%s] threads=%d iterations=%d (%s per thread) seed=%d%n",
            name, threads, total, java.util.Arrays.toString(iterations), seed);
        if (failure.get() != null) {
            throw new AssertionError("[" + name + "] failed with seed=" + seed, failure.get());
        }
        return iterations;
    }
}
