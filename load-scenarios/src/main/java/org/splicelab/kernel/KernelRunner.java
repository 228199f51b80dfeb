package org.splicelab.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.splicelab.actors.WorldSpec;
import org.splicelab.litmus.FinalState;
import org.splicelab.litmus.LitmusRunner;
import org.splicelab.litmus.LitmusTest;
import org.splicelab.litmus.Value;
import org.splicelab.protocols.Filesystem;
import org.splicelab.protocols.KernelModel;

/**
 * Runs a litmus test on the host kernel (the second backend, ADR 0014). Each execution builds the
 * test's objects afresh ({@link KernelWorld}) in a temporary directory and runs every process on a
 * thread of its own, started together: the threads spin to one instant (plus a seeded skew of up to
 * {@link #MAX_SKEW_NANOS} each, so that different overlaps are tried), litmus7-style. One process:
 * one execution. Several: {@code runs} executions, or as many as fit in {@code budget}.
 *
 * <p>An execution is <em>blocked</em> (the model's {@code deadlock}) when every process still running
 * is inside a call, asleep in the kernel (state S in {@code /proc/self/task/TID/stat}) and no call
 * completed for {@link #BLOCKED_CHECKS} checks a millisecond apart: then the run is aborted, its
 * sockets shut down and its descriptors closed, which wakes the sleepers, and their calls' results
 * are dropped (their registers stay unset, as in the model).
 */
public final class KernelRunner {
    /** How long a process's start may lag the aligned instant, at most. */
    public static final long MAX_SKEW_NANOS = 20_000;
    /** Checks (1 ms apart) with every running process asleep in a call and no progress: blocked. */
    public static final int BLOCKED_CHECKS = 20;
    private static final long START_DELAY_NANOS = 20_000;

    /** How to run: executions of a multi-process test, the time they may take, the limit of one, the directory. */
    public record Options(int runs, Duration budget, Duration timeout, Path dir, long seed) {
        public static Options defaults(final Path dir) {
            return new Options(1000, Duration.ofSeconds(5), Duration.ofSeconds(10), dir, 1);
        }
    }

    /** A kernel run: the outcome graded as the model's is, and where it ran. */
    public record KernelOutcome(LitmusRunner.Outcome outcome, String release, String fsType, Path dir, long runs,
                                boolean budgetReached, long millis) {
        /** {@code kernel 6.18.44 on ext4}. */
        public String label() {
            return "kernel " + release + " on " + fsType;
        }
    }

    private KernelRunner() {
    }

    /**
     * Runs {@code test} (compiled to {@code spec}) on the host kernel and grades the conditions that apply
     * to {@code grading} (the model the kernel is taken to be; {@code linux} by default).
     */
    public static KernelOutcome run(final LitmusTest test, final WorldSpec spec, final KernelModel grading,
                                    final Options options) {
        final long t0 = System.nanoTime();
        final Map<Filesystem, Path> bases = new EnumMap<>(Filesystem.class);
        for (final WorldSpec.FileSpec f : spec.files()) {
            if (f.fs() != null && !bases.containsKey(f.fs())) {
                bases.put(f.fs(), directoryOn(f.fs(), options.dir()));
            }
        }
        final Set<String> fsNames = new java.util.TreeSet<>();
        for (final WorldSpec.FileSpec f : spec.files()) {
            fsNames.add(f.fs() == null ? Host.fsType(options.dir()) : f.fs().id());
        }
        if (fsNames.isEmpty()) {
            fsNames.add(Host.fsType(options.dir()));
        }
        final Path dir = tempDirectory(options.dir());
        final Map<Filesystem, Path> dirs = new EnumMap<>(Filesystem.class);
        bases.forEach((fs, base) -> dirs.put(fs, base.equals(options.dir()) ? dir : tempDirectory(base)));
        final Map<FinalState, Long> counts = new LinkedHashMap<>();
        final Set<String> failures = new LinkedHashSet<>();
        final boolean single = spec.processes().size() <= 1;
        final SplittableRandom random = new SplittableRandom(options.seed());
        final long budgetEnd = t0 + options.budget().toNanos();
        long runs = 0;
        boolean budgetReached = false;
        try {
            do {
                final Execution e = new Execution(spec, dir, dirs, single ? null : random, options.timeout());
                final FinalState s = e.run();
                runs++;
                if (s != null) {
                    counts.merge(s, 1L, Long::sum);
                }
                if (e.failure != null) {
                    failures.add(e.failure);
                }
                if (e.abandoned || (s == null && runs >= 3 && counts.isEmpty())) {
                    break;
                }
                if (!single && runs < options.runs() && System.nanoTime() > budgetEnd) {
                    budgetReached = true;
                    break;
                }
            } while (!single && runs < options.runs());
        } finally {
            dir.toFile().delete();
            dirs.values().forEach(d -> d.toFile().delete());
        }
        final long executions = counts.values().stream().mapToLong(Long::longValue).sum();
        final List<LitmusRunner.StateCount> states = new ArrayList<>();
        counts.forEach((s, n) -> states.add(new LitmusRunner.StateCount(s, n)));
        final List<LitmusRunner.Verdict> verdicts = LitmusRunner.grade(test, grading, states, executions);
        final List<String> problems = new ArrayList<>();
        failures.forEach(f -> problems.add("execution failed: " + f));
        final String how = single ? "" : " with aligned starts" + (budgetReached ? " (the time budget ended the runs)" : "");
        final LitmusRunner.Outcome o = new LitmusRunner.Outcome(test, grading, executions, how, states, verdicts, problems,
            Map.of());
        return new KernelOutcome(o, Host.release(), String.join("+", fsNames), options.dir(), runs, budgetReached,
            (System.nanoTime() - t0) / 1_000_000);
    }

    /** Where the files a test puts on {@code fs} are made: {@code preferred} if it is on it, else a usual place that is. */
    static Path directoryOn(final Filesystem fs, final Path preferred) {
        final List<Path> candidates = new ArrayList<>(List.of(preferred, Path.of(System.getProperty("java.io.tmpdir")),
            Path.of("/dev/shm"), Path.of("/tmp"), Path.of("/var/tmp"), Path.of("/run"), Path.of(System.getProperty("user.dir"))));
        for (final Path p : candidates) {
            if (Files.isDirectory(p) && Files.isWritable(p) && Host.fsMagic(p) == fs.magic()) {
                return p;
            }
        }
        throw new KernelException("the test describes files on " + fs.id() + " and no writable directory here is on "
            + fs.id() + " (tried " + candidates.stream().map(Path::toString).distinct().toList() + "; --kernel-dir)");
    }

    private static Path tempDirectory(final Path base) {
        try {
            return Files.createTempDirectory(base, "splicelab-kernel-");
        } catch (IOException e) {
            throw new KernelException("cannot make a directory in " + base + ": " + e.getMessage());
        }
    }

    /** One execution: the world, the process threads, the watch for a blocked end. */
    private static final class Execution implements KernelProcess.Run {
        private final WorldSpec spec;
        private final Path dir;
        private final Map<Filesystem, Path> dirs;
        private final SplittableRandom random;
        private final Duration timeout;
        private final AtomicLong progress = new AtomicLong();
        private final long[] skews;
        private final AtomicInteger arrived = new AtomicInteger();
        private CountDownLatch done;
        private volatile long startAt;
        private volatile boolean aborted;
        String failure;
        boolean abandoned;

        Execution(final WorldSpec spec, final Path dir, final Map<Filesystem, Path> dirs, final SplittableRandom random,
                  final Duration timeout) {
            this.spec = spec;
            this.dir = dir;
            this.dirs = dirs;
            this.random = random;
            this.timeout = timeout;
            this.skews = new long[spec.processes().size()];
            for (int i = 0; i < skews.length; i++) {
                skews[i] = random == null ? 0 : random.nextLong(MAX_SKEW_NANOS);
            }
        }

        /** The final state, or null when the world could not be built or a process failed. */
        FinalState run() {
            final KernelWorld world;
            try {
                world = KernelWorld.build(spec, dir, dirs);
            } catch (KernelException e) {
                failure = "setting up the test on the kernel: " + e.getMessage();
                return null;
            }
            final List<KernelProcess> procs = new ArrayList<>();
            final List<Thread> threads = new ArrayList<>();
            final int n = spec.processes().size();
            done = new CountDownLatch(n);
            boolean blocked = false;
            try {
                for (int i = 0; i < n; i++) {
                    final WorldSpec.ProcessSpec p = spec.processes().get(i);
                    final KernelProcess kp = new KernelProcess(p.name(), i, p.steps(), world.table(i), world.regions(p),
                        this);
                    procs.add(kp);
                    final Thread t = new Thread(kp, "kernel-" + p.name());
                    t.setDaemon(true);
                    threads.add(t);
                }
                threads.forEach(Thread::start);
                blocked = watch(procs);
                if (blocked || !allDone()) {
                    aborted = true;
                    world.unblockAll();
                    for (final Thread t : threads) {
                        t.join(2000);
                        if (t.isAlive()) {
                            abandoned = true;
                        }
                    }
                    if (abandoned) {
                        failure = "a blocked call could not be woken (its thread was left behind)";
                        return null;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                aborted = true;
                world.unblockAll();
                failure = "interrupted";
                return null;
            } finally {
                if (!abandoned) {
                    world.close();
                }
            }
            for (final KernelProcess p : procs) {
                if (p.failure != null) {
                    failure = p.failure;
                    return null;
                }
            }
            if (!blocked && failure != null) {
                return null;
            }
            final Map<String, Value> regs = new LinkedHashMap<>();
            procs.forEach(p -> regs.putAll(p.registers));
            return new FinalState(regs, blocked, Set.of());
        }

        private boolean allDone() {
            return done.getCount() == 0;
        }

        /** Waits for the processes; true when they are blocked for good. */
        private boolean watch(final List<KernelProcess> procs) throws InterruptedException {
            final long end = System.nanoTime() + timeout.toNanos();
            long last = -1;
            int strikes = 0;
            while (!done.await(1, TimeUnit.MILLISECONDS)) {
                final long now = progress.get();
                if (now == last && allAsleep(procs)) {
                    if (++strikes >= BLOCKED_CHECKS) {
                        return true;
                    }
                } else {
                    strikes = 0;
                }
                last = now;
                if (System.nanoTime() > end) {
                    failure = "the execution did not end within " + timeout.toSeconds() + " s (processes still running)";
                    return false;
                }
            }
            return false;
        }

        private static boolean allAsleep(final List<KernelProcess> procs) {
            for (final KernelProcess p : procs) {
                if (p.done) {
                    continue;
                }
                if (!p.inCall || !asleep(p.tid)) {
                    return false;
                }
            }
            return true;
        }

        /**
         * The thread sleeps in the kernel for as long as others do: interruptibly (state S: a pipe, socket
         * or wait-queue wait), or uninterruptibly (D) on a lock another sleeper holds: a pipe's mutex or a
         * socket's lock ({@link #waitsForALock}). Any other D (disk I/O) is not taken for blocked, so a
         * slow O_DIRECT write is not mistaken for a deadlock; a call stuck there ends at the execution's
         * time limit instead.
         */
        private static boolean asleep(final int tid) {
            try {
                final String stat = new String(Files.readAllBytes(Path.of("/proc/self/task/" + tid + "/stat")),
                    StandardCharsets.US_ASCII);
                final int close = stat.lastIndexOf(')');
                final char state = close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
                return state == 'S' || state == 'D' && waitsForALock(tid);
            } catch (IOException e) {
                return false;
            }
        }

        /**
         * The kernel function the thread sleeps in ({@code wchan}) is where a mutex is taken: one naming a
         * pipe ({@code anon_pipe_read}, {@code splice_file_to_pipe}, {@code pipe_double_lock}), a system
         * call's own body where the mutex_lock is inlined ({@code __do_sys_vmsplice}), or a socket's lock.
         * Observed on 6.18: a read(2) and a vmsplice of a pipe that a splice holds while it sleeps for TCP
         * data sleep in D with wchan {@code anon_pipe_read} and {@code __do_sys_vmsplice}; an O_DIRECT
         * disk wait shows neither. False ("0") when kallsyms is hidden.
         */
        private static boolean waitsForALock(final int tid) throws IOException {
            final String wchan = new String(Files.readAllBytes(Path.of("/proc/self/task/" + tid + "/wchan")),
                StandardCharsets.US_ASCII);
            return wchan.contains("pipe") || wchan.contains("_sys_") || wchan.contains("lock_sock");
        }

        @Override
        public boolean aborted() {
            return aborted;
        }

        @Override
        public void progressed() {
            progress.incrementAndGet();
        }

        /** The last process to arrive sets the start; all spin to it (yielding now and then: 2 cores, 3 threads). */
        @Override
        public void awaitStart(final int process) {
            if (arrived.incrementAndGet() == skews.length) {
                startAt = System.nanoTime() + START_DELAY_NANOS;
            }
            long at;
            int spins = 0;
            while ((at = startAt) == 0) {
                spin(++spins);
            }
            final long target = at + skews[process];
            while (System.nanoTime() < target) {
                spin(++spins);
            }
        }

        private static void spin(final int spins) {
            if ((spins & 1023) == 0) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }

        @Override
        public void finished(final KernelProcess p) {
            done.countDown();
        }
    }
}
