package org.splicelab.kernel;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code splicelab calibrate}: the unit cost of each kernel event the simulator counts, measured on this
 * host's kernel with micro-measurements of the primitives (real system calls through JNA), never with the
 * whole pipelines {@link Pipelines} validates against. Each unit is the difference of two measurements
 * that differ by that event only (a slope over sizes, or one call against a cheaper one), in
 * nanoseconds per event; every measurement is a timed loop of {@code budget} after one warm-up round,
 * repeated for {@code rounds} rounds, so each unit comes with its spread.
 */
public final class Calibrator implements AutoCloseable {
    static final int PAGE = 4096;
    /** Pages of the file the lookups, steals and refills use (1 MiB, cached). */
    private static final int FILE_PAGES = 256;
    /** Pages of the file the cold copies read (64 MiB, cached, larger than the CPU's caches). */
    private static final int BIG_PAGES = 16384;
    /** 64 KiB: the large size of the cold-copy and TCP slopes, in pages. */
    private static final int CHUNK_PAGES = 16;
    /** The large size of the slopes, in pages; the small one is 1. */
    private static final int MANY = 64;

    /** One unit: what event it prices, how it was measured, nanoseconds per event in each round. */
    public record Unit(String name, String event, String how, List<Double> rounds) {
        public double median() {
            final List<Double> s = new ArrayList<>(rounds);
            java.util.Collections.sort(s);
            final int n = s.size();
            return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
        }
    }

    /** The units in the order they are measured, with the event each prices and how. */
    public static final Map<String, String[]> UNITS = units();

    private static Map<String, String[]> units() {
        final Map<String, String[]> m = new LinkedHashMap<>();
        m.put("syscall", new String[] {"a system call's entry and exit (as this JVM makes it, through JNA)",
            "fcntl(F_GETFL) on /dev/null"});
        m.put("pipe-lock", new String[] {"taking and dropping a pipe's mutex with a look at its ring",
            "read(2) of an empty O_NONBLOCK pipe (EAGAIN) minus a syscall"});
        m.put("lookup", new String[] {"a page-cache lookup with its speculative reference and put",
            "mincore(2) of 64 pages minus 1 page of an untouched shared mapping of a cached file, per page"});
        m.put("reference", new String[] {"a page reference into a pipe or socket buffer and its release (get + put)",
            "tee(2) of 64 pages minus 1 page into a second pipe, drained by splice to /dev/null, per page"});
        m.put("copy-page", new String[] {"copying 4096 bytes between a page and user memory",
            "the same tee drained by read(2) instead of splice to /dev/null, per page, minus the reference"});
        m.put("copy-page-cold", new String[] {"copying 4096 bytes of a page not in the CPU's cache (a file larger than it)",
            "pread(2) of 16 pages minus 1 page, cycling through a cached 64 MiB file, per page, minus a lookup"});
        m.put("alloc", new String[] {"allocating a page (and freeing it when its last reference goes)",
            "write(2) of 64 pages minus 1 page into an empty pipe drained to /dev/null, per page, minus a copy"});
        m.put("steal", new String[] {"removing a clean cached page from its file: lock, freeze, remove",
            "posix_fadvise(DONTNEED) of one cached page minus a syscall"});
        m.put("refill", new String[] {"reading a page the cache lost back from the backing store",
            "pread(2) of one page just evicted minus one still cached"});
        m.put("wakeup", new String[] {"waking a task asleep on a pipe (the waker's part)",
            "write(2) of 1 byte to a pipe whose reader sleeps minus one nobody waits on"});
        m.put("blocked-wait", new String[] {"a call that sleeps until woken: the switch out, the wake-up latency, the switch in",
            "half a 1-byte ping-pong between two threads over two pipes, minus its write and read"});
        m.put("socket-send", new String[] {"one send through a loopback TCP connection and its receive (protocol, skb)",
            "write(2) of 1 byte to a TCP socket and read(2) of it at the peer, minus two syscalls"});
        m.put("socket-page", new String[] {"a page of data through a loopback TCP connection (its skb frag, segment share)",
            "write(2) of 16 pages minus 1 page to a TCP socket, read at the peer, per page, minus two copies"});
        return java.util.Collections.unmodifiableMap(m);
    }

    private final long budget;
    private final Path dir;
    private final Memory buf = new Memory((long) MANY * PAGE);
    private final Memory vec = new Memory(MANY);
    private int devNull = -1;
    private int file = -1;
    private Pointer map;
    private Path path;
    private Path bigPath;
    private int big = -1;
    private final int[] a = new int[2];
    private final int[] b = new int[2];
    private final int[] c = new int[2];
    private final int[] empty = new int[2];
    private final int[] plain = new int[2];
    private int[] tcp;

    private Calibrator(final Path dir, final long budget) {
        this.dir = dir;
        this.budget = budget;
        buf.clear();
    }

    /**
     * The measurement rig in {@code dir} (its files, pipes and TCP connection), each measurement a loop of
     * {@code budgetNanos}; {@code dir} must be on a disk filesystem (a steal and a refill need a page the
     * kernel can evict and read back). {@link #round()} measures every unit once.
     */
    public static Calibrator open(final Path dir, final long budgetNanos) {
        final Calibrator cal = new Calibrator(dir, budgetNanos);
        try {
            cal.setUp();
            return cal;
        } catch (RuntimeException e) {
            cal.tearDown();
            throw e;
        }
    }

    /** The units of measured rounds (each unit name → nanoseconds), in {@link #UNITS}' order. */
    public static List<Unit> units(final List<Map<String, Double>> rounds) {
        final List<Unit> out = new ArrayList<>();
        for (final Map.Entry<String, String[]> u : UNITS.entrySet()) {
            out.add(new Unit(u.getKey(), u.getValue()[0], u.getValue()[1],
                rounds.stream().map(r -> r.get(u.getKey())).toList()));
        }
        return out;
    }

    @Override
    public void close() {
        tearDown();
    }

    private void setUp() {
        devNull = check(LibC.open("/dev/null", LibC.O_WRONLY, 0), "open /dev/null");
        path = written("splicelab-calibrate", FILE_PAGES);
        file = check(LibC.open(path.toString(), LibC.O_RDONLY, 0), "open " + path);
        bigPath = written("splicelab-calibrate-big", BIG_PAGES);
        big = check(LibC.open(bigPath.toString(), LibC.O_RDONLY, 0), "open " + bigPath);
        for (long p = 0; p < BIG_PAGES; p += MANY) {
            checkCount(LibC.pread(big, buf, (long) MANY * PAGE, p * PAGE), (long) MANY * PAGE, "pread");
        }
        check(LibC.fsync(file), "fsync");
        for (int p = 0; p < FILE_PAGES; p += MANY) {
            checkCount(LibC.pread(file, buf, (long) MANY * PAGE, (long) p * PAGE), (long) MANY * PAGE, "pread");
        }
        map = LibC.mmap(null, (long) FILE_PAGES * PAGE, LibC.PROT_READ, LibC.MAP_SHARED, file, 0);
        if (map == null || Pointer.nativeValue(map) == -1L) {
            throw new KernelException("mmap of the calibration file: " + LibC.strerror(Native.getLastError()));
        }
        for (final int[] p : new int[][] {a, b, c}) {
            check(LibC.pipe(p), "pipe");
            check(LibC.fcntl(p[1], LibC.F_SETPIPE_SZ, 1 << 20), "F_SETPIPE_SZ 1 MiB");
        }
        check(LibC.pipe2(empty, LibC.O_NONBLOCK), "pipe2");
        check(LibC.pipe(plain), "pipe");
        checkCount(LibC.write(a[1], buf, (long) MANY * PAGE), (long) MANY * PAGE, "write into the tee source pipe");
        tcp = KernelWorld.tcpPair();
        check(LibC.fcntl(tcp[1], LibC.F_SETFL, LibC.O_NONBLOCK), "O_NONBLOCK");
    }

    private void tearDown() {
        if (map != null) {
            LibC.munmap(map, (long) FILE_PAGES * PAGE);
        }
        for (final int fd : new int[] {devNull, file, big, a[0], a[1], b[0], b[1], c[0], c[1], empty[0], empty[1],
            plain[0], plain[1]}) {
            if (fd > 0) {
                LibC.close(fd);
            }
        }
        if (tcp != null) {
            LibC.close(tcp[0]);
            LibC.close(tcp[1]);
        }
        for (final Path p : new Path[] {path, bigPath}) {
            try {
                if (p != null) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException ignored) {
                // a temporary file left behind is nothing to fail the calibration for
            }
        }
    }

    /** One round of every primitive: unit name → nanoseconds per event. */
    public Map<String, Double> round() {
        final Map<String, Double> u = new LinkedHashMap<>();
        final double sys = loop(i -> check(LibC.fcntl(devNull, LibC.F_GETFL, 0), "fcntl"));
        u.put("syscall", sys);
        u.put("pipe-lock", loop(i -> eagain(LibC.read(empty[0], buf, PAGE))) - sys);
        u.put("lookup", slope(n -> loop(i -> check(LibC.mincore(map.share((long) (i % (FILE_PAGES - MANY)) * PAGE),
            (long) n * PAGE, vec), "mincore"))));
        final double ref = slope(n -> loop(i -> teeAnd(n, false)));
        u.put("reference", ref);
        final double copy = slope(n -> loop(i -> teeAnd(n, true))) - ref;
        u.put("copy-page", copy);
        u.put("copy-page-cold", slope16(n -> loop(i -> checkCount(LibC.pread(big, buf, (long) n * PAGE,
            (long) (i % (BIG_PAGES / CHUNK_PAGES)) * CHUNK_PAGES * PAGE), (long) n * PAGE, "pread"))) - u.get("lookup"));
        u.put("alloc", slope(n -> loop(i -> writeAndDrain(n))) - copy);
        final double[] evict = stealAndRefill();
        u.put("steal", evict[0]);
        u.put("refill", evict[1]);
        final double[] wake = pingPong();
        u.put("wakeup", wake[0]);
        u.put("blocked-wait", wake[1]);
        u.put("socket-send", loop(i -> tcpMessage(1)) - 2 * sys);
        u.put("socket-page", slope16(n -> loop(i -> tcpMessage((long) n * PAGE))) - 2 * copy);
        return u;
    }

    /** tee n pages from the full source pipe into b, then drain b to /dev/null or read(2) it. */
    private void teeAnd(final int n, final boolean read) {
        final long len = (long) n * PAGE;
        checkCount(LibC.tee(a[0], b[1], len, 0), len, "tee");
        checkCount(read ? LibC.read(b[0], buf, len) : LibC.splice(b[0], null, devNull, null, len, 0), len,
            read ? "read of the teed pages" : "splice to /dev/null");
    }

    private void writeAndDrain(final int n) {
        final long len = (long) n * PAGE;
        checkCount(LibC.write(c[1], buf, len), len, "write into an empty pipe");
        checkCount(LibC.splice(c[0], null, devNull, null, len, 0), len, "splice to /dev/null");
    }

    /** {@code len} bytes written to the TCP socket and read back at its (non-blocking) peer. */
    private void tcpMessage(final long len) {
        checkCount(LibC.write(tcp[0], buf, len), len, "write to TCP");
        long got = 0;
        while (got < len) {
            final long n = LibC.read(tcp[1], buf, len - got);
            if (n < 0 && Native.getLastError() == 11) {
                Thread.onSpinWait();
            } else if (n <= 0) {
                throw new KernelException("read from TCP returned " + n);
            } else {
                got += n;
            }
        }
    }

    /**
     * Evicts one cached page with fadvise and reads it back, each call timed on its own, against a
     * syscall and a cached one-page pread timed the same way: {steal, refill} in nanoseconds.
     */
    private double[] stealAndRefill() {
        final Memory one = new Memory(1);
        long evictNs = 0;
        long refillNs = 0;
        long sysNs = 0;
        long cachedNs = 0;
        long n = 0;
        final long end = System.nanoTime() + budget;
        for (int i = 0; System.nanoTime() < end || n < 8; i++, n++) {
            final long off = (long) ((i * 37) % FILE_PAGES) * PAGE;
            final long cachedOff = (long) ((i * 37 + FILE_PAGES / 2) % FILE_PAGES) * PAGE;
            long t0 = System.nanoTime();
            check(LibC.fcntl(devNull, LibC.F_GETFL, 0), "fcntl");
            long t1 = System.nanoTime();
            sysNs += t1 - t0;
            t0 = System.nanoTime();
            checkCount(LibC.pread(file, buf, PAGE, cachedOff), PAGE, "pread of a cached page");
            t1 = System.nanoTime();
            cachedNs += t1 - t0;
            t0 = System.nanoTime();
            final int rc = LibC.posix_fadvise(file, off, PAGE, LibC.POSIX_FADV_DONTNEED);
            t1 = System.nanoTime();
            if (rc != 0) {
                throw new KernelException("posix_fadvise DONTNEED: " + LibC.strerror(rc));
            }
            evictNs += t1 - t0;
            if (i == 0) {
                check(LibC.mincore(map.share(off), PAGE, one), "mincore");
                if ((one.getByte(0) & 1) != 0) {
                    throw new KernelException("posix_fadvise(DONTNEED) did not evict a clean page in " + dir + " ("
                        + Host.fsType(dir) + "): steal and refill need a disk filesystem (--kernel-dir DIR)");
                }
            }
            t0 = System.nanoTime();
            checkCount(LibC.pread(file, buf, PAGE, off), PAGE, "pread of an evicted page");
            t1 = System.nanoTime();
            refillNs += t1 - t0;
        }
        return new double[] {(evictNs - sysNs) / (double) n, (refillNs - cachedNs) / (double) n};
    }

    /**
     * A 1-byte ping-pong with a second thread over two pipes, the writes timed: {wake-up, blocked wait}.
     * The wake-up is a write that wakes the sleeping reader minus a write nobody waits on; the blocked
     * wait is half the round trip minus that write and a read that finds its byte.
     */
    private double[] pingPong() {
        final int[] ping = new int[2];
        final int[] pong = new int[2];
        check(LibC.pipe(ping), "pipe");
        check(LibC.pipe(pong), "pipe");
        final Memory saved = new Memory(128);
        final int[] cpus = twoCpus(saved);
        final Thread peer = new Thread(() -> {
            pin(cpus, 1);
            final Memory b1 = new Memory(1);
            while (LibC.read(ping[0], b1, 1) == 1) {
                if (LibC.write(pong[1], b1, 1) != 1) {
                    return;
                }
            }
        }, "calibrate-ping-pong");
        peer.setDaemon(true);
        peer.start();
        long writeNs = 0;
        long rttNs = 0;
        long n = 0;
        pin(cpus, 0);
        try {
            final long end = System.nanoTime() + budget;
            for (int warm = 0; warm < 100; warm++) {
                checkCount(LibC.write(ping[1], buf, 1), 1, "ping");
                checkCount(LibC.read(pong[0], buf, 1), 1, "pong");
            }
            final long[] t = writeThenRead(ping[1], pong[0], end);
            n = t[0];
            writeNs = t[1];
            rttNs = t[1] + t[2];
        } finally {
            if (cpus != null) {
                LibC.sched_setaffinity(0, 128, saved);
            }
            LibC.close(ping[1]);
            try {
                peer.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LibC.close(ping[0]);
            LibC.close(pong[0]);
            LibC.close(pong[1]);
        }
        final long[] plainTimes = writeThenRead(plain[1], plain[0], System.nanoTime() + budget / 2);
        final long m = plainTimes[0];
        final long plainWrite = plainTimes[1];
        final long plainRead = plainTimes[2];
        final double wakingWrite = writeNs / (double) n;
        final double wake = wakingWrite - plainWrite / (double) m;
        final double wait = rttNs / (double) n / 2 - wakingWrite - plainRead / (double) m;
        return new double[] {wake, wait};
    }

    /**
     * Writes 1 byte to {@code w} then reads 1 byte from {@code r}, each timed, until {@code end} (at
     * least 8 times): {calls, nanoseconds writing, nanoseconds reading}.
     */
    private long[] writeThenRead(final int w, final int r, final long end) {
        final long[] t = new long[3];
        while (System.nanoTime() < end || t[0] < 8) {
            final long t0 = System.nanoTime();
            checkCount(LibC.write(w, buf, 1), 1, "write");
            final long t1 = System.nanoTime();
            checkCount(LibC.read(r, buf, 1), 1, "read");
            t[1] += t1 - t0;
            t[2] += System.nanoTime() - t1;
            t[0]++;
        }
        return t;
    }

    /**
     * Two CPUs this thread may run on (the waker and the sleeper each get one, so a wake-up never
     * preempts its waker and the waker's time is its own), or null on one CPU; {@code saved} gets the mask.
     */
    private static int[] twoCpus(final Memory saved) {
        saved.clear();
        if (LibC.sched_getaffinity(0, 128, saved) != 0) {
            return null;
        }
        final int[] two = new int[2];
        int found = 0;
        for (int cpu = 0; cpu < 1024 && found < 2; cpu++) {
            if ((saved.getByte(cpu / 8) & (1 << (cpu % 8))) != 0) {
                two[found++] = cpu;
            }
        }
        return found == 2 ? two : null;
    }

    private static void pin(final int[] cpus, final int which) {
        if (cpus == null) {
            return;
        }
        final Memory mask = new Memory(128);
        mask.clear();
        mask.setByte(cpus[which] / 8, (byte) (1 << (cpus[which] % 8)));
        LibC.sched_setaffinity(0, 128, mask);
    }

    private interface Op {
        void run(int i);
    }

    /** Nanoseconds per call of {@code op} over a loop of the budget. */
    private double loop(final Op op) {
        long n = 0;
        final long t0 = System.nanoTime();
        long t;
        do {
            for (int k = 0; k < 16; k++) {
                op.run((int) (n + k));
            }
            n += 16;
            t = System.nanoTime();
        } while (t - t0 < budget);
        return (t - t0) / (double) n;
    }

    /** (cost at {@link #MANY} pages − cost at 1 page) / ({@link #MANY} − 1): the cost of one more page. */
    private static double slope(final java.util.function.IntToDoubleFunction at) {
        return slope(at, MANY);
    }

    /** (cost at 16 pages − cost at 1 page) / 15: one more page of a 64 KiB call. */
    private static double slope16(final java.util.function.IntToDoubleFunction at) {
        return slope(at, CHUNK_PAGES);
    }

    private static double slope(final java.util.function.IntToDoubleFunction at, final int many) {
        final double one = at.applyAsDouble(1);
        return (at.applyAsDouble(many) - one) / (many - 1);
    }

    /** A file of {@code pages} pages written 4 KiB at a time (ext4 caches it in 4 KiB folios, each evictable). */
    private Path written(final String prefix, final int pages) {
        try {
            final Path p = Files.createTempFile(dir, prefix, ".data");
            try (java.io.OutputStream out = Files.newOutputStream(p)) {
                final byte[] page = new byte[PAGE];
                for (int i = 0; i < pages; i++) {
                    java.util.Arrays.fill(page, (byte) i);
                    out.write(page);
                }
            }
            return p;
        } catch (IOException | RuntimeException e) {
            throw new KernelException("could not write a " + pages / 256 + " MiB file in " + dir + ": " + e.getMessage());
        }
    }

    static int check(final int result, final String what) {
        if (result < 0) {
            throw new KernelException(what + ": " + LibC.strerror(Native.getLastError()));
        }
        return result;
    }

    static void checkCount(final long result, final long expected, final String what) {
        if (result != expected) {
            throw new KernelException(what + " returned " + result + " instead of " + expected
                + (result < 0 ? ": " + LibC.strerror(Native.getLastError()) : ""));
        }
    }

    private static void eagain(final long result) {
        if (result != -1 || Native.getLastError() != 11) {
            throw new KernelException("read of an empty O_NONBLOCK pipe returned " + result + " instead of EAGAIN");
        }
    }
}
