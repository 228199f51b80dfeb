package org.splicelab.kernel;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The real kernel running the pipeline {@code ./splicelab bench} simulates, in this JVM: {@code threads}
 * threads each splice 64 KiB of one shared, cached 16 MiB file (cycling offsets) into their own pipe
 * and the pipe into /dev/null, through real splice(2) calls (JNA). Pages/s counted after a warm-up.
 * The JNA call costs a few hundred nanoseconds per splice on top of the kernel's own work (the same
 * program in C: {@code test/kernel-bench/splice_devnull.c}).
 */
public final class KernelBench {
    private static final long FILE_SIZE = 16L << 20;
    private static final int CHUNK = 65536;

    /** Why the kernel could not be measured (not Linux, no JNA, a failing call), for a clear message. */
    public static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(final String message, final Throwable cause) {
            super(message, cause);
        }
    }

    private KernelBench() {
    }

    /** Pages/s of the pipeline over {@code measuredNanos} after {@code warmupNanos}. */
    public static double run(final int threads, final long warmupNanos, final long measuredNanos) throws Unavailable {
        final Path file;
        try {
            file = Files.createTempFile("splicelab-kernel-bench", ".data");
            Files.write(file, new byte[(int) FILE_SIZE]);
        } catch (IOException | RuntimeException e) {
            throw new Unavailable("could not write the 16 MiB file in java.io.tmpdir: " + e.getMessage(), e);
        }
        try {
            return measure(file, threads, warmupNanos, measuredNanos);
        } catch (LinkageError e) {
            throw new Unavailable("the C library could not be loaded through JNA: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file left behind is reported by nobody; nothing else to do
            }
        }
    }

    private static double measure(final Path file, final int threads, final long warmupNanos, final long measuredNanos)
        throws Unavailable {
        final int fd = LibC.open(file.toString(), LibC.O_RDONLY, 0);
        final int devNull = LibC.open("/dev/null", LibC.O_WRONLY, 0);
        if (fd < 0 || devNull < 0) {
            throw new Unavailable("open: " + LibC.strerror(Native.getLastError()), null);
        }
        final AtomicLong pages = new AtomicLong();
        final AtomicReference<String> failure = new AtomicReference<>();
        final CountDownLatch start = new CountDownLatch(1);
        final long[] marks = new long[2];
        final List<Thread> workers = new ArrayList<>();
        final long end = System.nanoTime() + warmupNanos + measuredNanos + 50_000_000L;
        for (int t = 0; t < threads; t++) {
            final int id = t;
            final Thread w = new Thread(() -> work(id, fd, devNull, pages, failure, start, end), "kernel-bench-" + t);
            w.setDaemon(true);
            workers.add(w);
            w.start();
        }
        start.countDown();
        sleep(warmupNanos);
        marks[0] = pages.get();
        final long t0 = System.nanoTime();
        sleep(measuredNanos);
        marks[1] = pages.get();
        final long t1 = System.nanoTime();
        for (final Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LibC.close(fd);
        LibC.close(devNull);
        if (failure.get() != null) {
            throw new Unavailable(failure.get(), null);
        }
        return (marks[1] - marks[0]) / ((t1 - t0) / 1e9);
    }

    private static void work(final int id, final int fd, final int devNull, final AtomicLong pages,
                             final AtomicReference<String> failure, final CountDownLatch start, final long end) {
        final int[] p = new int[2];
        if (LibC.pipe(p) < 0) {
            failure.compareAndSet(null, "pipe: " + LibC.strerror(Native.getLastError()));
            return;
        }
        final Memory offset = new Memory(8);
        offset.setLong(0, (id * 37L * CHUNK) % FILE_SIZE);
        try {
            start.await();
            long local = 0;
            while (failure.get() == null && ((local & 255) != 0 || System.nanoTime() < end)) {
                final long n = LibC.splice(fd, offset, p[1], null, CHUNK, 0);
                if (n <= 0) {
                    failure.compareAndSet(null, "splice file -> pipe returned " + n + ": "
                        + LibC.strerror(Native.getLastError()));
                    return;
                }
                if (offset.getLong(0) >= FILE_SIZE) {
                    offset.setLong(0, 0);
                }
                final long m = LibC.splice(p[0], null, devNull, null, n, 0);
                if (m != n) {
                    failure.compareAndSet(null, "splice pipe -> /dev/null returned " + m);
                    return;
                }
                local++;
                if ((local & 255) == 0) {
                    pages.addAndGet(256L * (n / 4096));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            LibC.close(p[0]);
            LibC.close(p[1]);
        }
    }

    private static void sleep(final long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
