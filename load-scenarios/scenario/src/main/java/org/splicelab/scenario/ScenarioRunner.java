package org.splicelab.scenario;

import akka.actor.typed.ActorSystem;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.splicelab.actors.Kernel;
import org.splicelab.actors.KernelStats;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageAudit;
import org.splicelab.protocols.KernelModel;
import org.splicelab.protocols.PageVectorPool;
import org.splicelab.report.RunReport;

/**
 * Runs a {@link Scenario} on the real multi-threaded dispatcher (its own actor system, so a run owns the
 * machine) and grades it: the figures become a {@link RunReport}, the scenario's assertions are checked,
 * and a run with a violation, a leak or unbalanced bytes never passes.
 */
public final class ScenarioRunner {
    /** Live figures while a run goes on (for the progress bar). */
    public record Progress(double seconds, double totalSeconds, long syscalls, long pagesByReference,
                           long pagesCopied) {
    }

    /**
     * The default dispatcher as a FIFO thread pool: a fork-join pool lets actors that keep each other
     * busy (a relay's socket, pipe and process) run from workers' local queues forever while timer
     * messages, submitted from outside, wait in the shared queue; the end of a run would never come.
     */
    /**
     * Dispatcher threads of a load run: twice the cores (at least 4), or {@code -Dsplicelab.threads=N}.
     * With exactly one thread per core the bench ran in one of two regimes, about 12 M or about 4.5 M
     * pages/s, fixed at a run's start; with 3 or 4 threads on this 2-core machine every round ran at
     * 13–15 M (docs/benchmarks.md, stop 20).
     */
    static final int THREADS = Integer.getInteger("splicelab.threads",
        Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));

    static final String FAIR_DISPATCHER = org.splicelab.actors.FifoExecutorConfigurator.dispatcherConfig(THREADS, 64);

    private ScenarioRunner() {
    }

    /** How long past its duration a run may go on before it is ended as if interrupted. */
    static final Duration OVERRUN = Duration.ofSeconds(10);
    /** How long an interrupted run may take to end before it is given up. */
    static final Duration ENDING = Duration.ofSeconds(30);

    /** Runs {@code scenario} under {@code model} and reports every {@code progressEvery} to {@code progress}. */
    public static RunReport run(final Scenario scenario, final KernelModel model, final Duration progressEvery,
                                final Consumer<Progress> progress) {
        return run(scenario, model, progressEvery, progress, () -> null);
    }

    /**
     * Runs {@code scenario} under {@code model}, reporting every {@code progressEvery}; when {@code stop}
     * answers a reason ("SIGTERM"), the run ends as at the end of its duration and its report says why.
     * A run still going {@link #OVERRUN} past its duration is ended the same way.
     */
    public static RunReport run(final Scenario scenario, final KernelModel model, final Duration progressEvery,
                                final Consumer<Progress> progress, final Supplier<String> stop) {
        final CompletableFuture<ScenarioOutcome> future = new CompletableFuture<>();
        final long start = System.nanoTime();
        final java.util.concurrent.atomic.AtomicLong runStart = new java.util.concurrent.atomic.AtomicLong();
        final double total = scenario.duration() == null ? 0 : scenario.duration().toMillis() / 1000.0;
        final PageArena arena = new PageArena(scenario.arenaFrames(), new PageAudit());
        final PageVectorPool pool = new PageVectorPool();
        final Kernel kernel = new Kernel(arena, pool, model, new Kernel.Options(scenario.stealOnlyWithMove()));
        final ActorSystem<ScenarioActor.Msg> system = ActorSystem.create(
            ScenarioActor.create(kernel, scenario, future, Duration.ofSeconds(2), runStart::set), "splicelab-run", ConfigFactory.parseString(
                "akka.jvm-shutdown-hooks = off\nakka.coordinated-shutdown.run-by-jvm-shutdown-hook = off\n"
                    + "akka.log-dead-letters = 0\nakka.loglevel = WARNING\nakka.stdout-loglevel = OFF\n"
                    + FAIR_DISPATCHER)
                .withFallback(ConfigFactory.load()));
        ScenarioOutcome outcome = null;
        RuntimeException failure = null;
        try {
            outcome = await(future, system, kernel.stats(), start, runStart, total, progressEvery, progress, scenario, stop);
        } catch (RuntimeException e) {
            failure = e;
        }
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the actor system terminated", e);
        } catch (ExecutionException | TimeoutException e) {
            // actors may still touch the arena: its native memory must outlive them, so it is not released
            throw new IllegalStateException("the actor system did not terminate within 30 s; the page arena of "
                + scenario.name() + " is left allocated", failure != null ? failure : e);
        }
        try {
            if (failure != null) {
                throw failure;
            }
            arena.audit().reset(); // reported already; the arena's close must not report them twice
            return report(scenario, model, outcome);
        } finally {
            pool.close();
            arena.close();
        }
    }

    private static ScenarioOutcome await(final CompletableFuture<ScenarioOutcome> future,
                                         final ActorSystem<ScenarioActor.Msg> system, final KernelStats stats,
                                         final long start, final java.util.concurrent.atomic.AtomicLong runStart,
                                         final double total, final Duration every,
                                         final Consumer<Progress> progress, final Scenario scenario,
                                         final Supplier<String> stop) {
        final long limit = scenario.duration() != null ? scenario.duration().plus(OVERRUN).toNanos() : Long.MAX_VALUE;
        long toldAt = 0;
        final long poll = Math.min(every.toMillis(), 100);
        long lastProgress = System.nanoTime();
        while (true) {
            try {
                return future.get(poll, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                final long now = System.nanoTime();
                if (toldAt == 0) {
                    final String why = stop.get() != null ? stop.get() : now - start > limit
                        ? "it overran its duration by " + Durations.format(OVERRUN) : null;
                    if (why != null) {
                        system.tell(new ScenarioActor.Interrupt(why));
                        toldAt = now;
                    }
                } else if (now - toldAt > ENDING.toNanos()) {
                    throw new IllegalStateException("scenario " + scenario.name() + " did not end within "
                        + Durations.format(ENDING) + " of being told to stop");
                }
                if (now - lastProgress < every.toNanos()) {
                    continue;
                }
                lastProgress = now;
                if (runStart.get() == 0) {
                    continue;   // still spawning the processes: not part of the run's clock
                }
                progress.accept(new Progress((now - runStart.get()) / 1e9, total, stats.syscalls.sum(),
                    stats.pagesByReference.sum(), stats.pagesCopied.sum()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof ScenarioException se) {
                    throw se;
                }
                throw new IllegalStateException("scenario " + scenario.name() + " failed: " + e.getCause(), e.getCause());
            }
        }
    }

    /** The lock-free page cache's figures, as RunReport.Totals#pageCache names them. */
    static Map<String, Long> pageCacheFigures(final Map<String, Long> st) {
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("lookups", st.get("lookups"));
        m.put("hits", st.get("lookup-hits"));
        m.put("misses", st.get("lookup-misses"));
        m.put("retries-frozen", st.get("lookup-retries-frozen"));
        m.put("retries-changed", st.get("lookup-retries-changed"));
        m.put("refills", st.get("refills"));
        m.put("reclaimed", st.get("reclaimed"));
        return m;
    }

    /**
     * The run's own ramp-up, left out of its timings (RunReport#steadyFrom): the first fifth of a run of
     * a duration, at most 1 s (spawning the processes, starting the dispatcher's threads; the issue saw
     * the first 0.8 s of a 3 s run at 1/25 of the rate); none for a run of iterations.
     */
    public static double rampSeconds(final Scenario s) {
        return s.duration() == null ? 0 : Math.min(1.0, s.duration().toMillis() / 5000.0);
    }

    /** The events only the cost estimate uses, as RunReport.Totals#events names them. */
    static Map<String, Long> costEvents(final Map<String, Long> st, final Scenario s) {
        final Map<String, Long> m = new LinkedHashMap<>();
        for (final String k : List.of("pipe-locks", "blocked-waits", "wakeups", "socket-sends", "socket-pages",
            "socket-pages-copied", "bytes-to-user", "bytes-from-user", "bytes-delivered")) {
            m.put(k, st.getOrDefault(k, 0L));
        }
        m.put("file-bytes", s.files().values().stream().mapToLong(Scenario.FileDef::size).sum());
        if (!s.relays().isEmpty()) {
            // not priced: shown by the summary's relay rows (and kept in report.json's events)
            for (final String k : List.of("relay-records", "relay-dropped", "relay-consumed-on-release")) {
                m.put(k, st.getOrDefault(k, 0L));
            }
        }
        return m;
    }

    /** Grades an outcome into a report. */
    static RunReport report(final Scenario s, final KernelModel model, final ScenarioOutcome o) {
        final Map<String, Long> st = o.stats();
        final Map<String, Long> failures = new LinkedHashMap<>();
        for (final KernelStats.StealFailure f : KernelStats.StealFailure.values()) {
            failures.put(f.id(), st.get("steal-failed-" + f.id()));
        }
        final RunReport.Totals totals = new RunReport.Totals(st.get("syscalls"), st.get("errors"),
            st.get("bytes-by-reference"), st.get("bytes-copied"), st.get("pages-by-reference"), st.get("pages-copied"),
            st.get("steals-tried"), st.get("steals-succeeded"), failures, st.get("refills-after-steal"),
            st.get("post-splice-changes"), pageCacheFigures(st), costEvents(st, s));
        final Map<String, RunReport.Latency> latencies = new LinkedHashMap<>();
        o.latencies().forEach((k, h) -> latencies.put(k, latency(h)));
        final long discarded = o.discarded().values().stream().mapToLong(Long::longValue).sum();
        final boolean balanced = o.bytesIn() == o.bytesOut() + discarded;
        final RunReport.Accounting accounting = new RunReport.Accounting(o.bytesIn(), o.bytesOut(), o.discarded(),
            balanced);
        final long violations = o.violations().values().stream().mapToLong(Long::longValue).sum();
        final List<RunReport.AssertionResult> checks = new ArrayList<>();
        final Scenario.Assertions a = s.assertions();
        final double secs = Math.max(o.seconds(), 1e-9);
        checks.add(check("max-violations <= " + orZero(a.maxViolations()), violations,
            violations <= orZero(a.maxViolations())));
        checks.add(check("max-leaked-pages <= " + orZero(a.maxLeakedPages()), o.leakedPages(),
            o.leakedPages() <= orZero(a.maxLeakedPages())));
        if (a.minSyscallsPerSecond() != null) {
            final double v = totals.syscalls() / secs;
            checks.add(check("min-syscalls-per-second >= " + a.minSyscallsPerSecond(), v, v >= a.minSyscallsPerSecond()));
        }
        if (a.minBytesPerSecond() != null) {
            final double v = (totals.bytesByReference() + totals.bytesCopied()) / secs;
            checks.add(check("min-bytes-per-second >= " + a.minBytesPerSecond(), v, v >= a.minBytesPerSecond()));
        }
        if (a.maxCopyRatio() != null) {
            checks.add(check("max-copy-ratio <= " + a.maxCopyRatio(), totals.copyRatio(),
                totals.copyRatio() <= a.maxCopyRatio()));
        }
        if (!Boolean.FALSE.equals(a.bytesBalanced())) {
            checks.add(check("bytes-balanced (in = delivered + discarded)", o.bytesIn() + " = " + o.bytesOut() + " + "
                + discarded, balanced));
        }
        if (o.failure() != null) {
            checks.add(new RunReport.AssertionResult("no process failed", "none", o.failure(), false));
        }
        final boolean passed = checks.stream().allMatch(RunReport.AssertionResult::ok);
        return new RunReport(s.name(), s.description(), model.id(), s.seed(), o.seconds(),
            Runtime.getRuntime().availableProcessors(), totals, o.timeline(), latencies, o.violations(),
            o.leakedPages(), accounting, checks, passed && o.interrupted() == null, o.faults(), o.operations(),
            o.interrupted(), rampSeconds(s));
    }

    private static long orZero(final Long v) {
        return v == null ? 0 : v;
    }

    private static RunReport.AssertionResult check(final String name, final Object actual, final boolean ok) {
        final String value = actual instanceof Double d ? String.format("%.3f", d) : String.valueOf(actual);
        return new RunReport.AssertionResult(name, name.substring(name.indexOf(' ') + 1), value, ok);
    }

    private static RunReport.Latency latency(final Histogram h) {
        return new RunReport.Latency(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(99),
            h.getValueAtPercentile(99.9), h.getMaxValue());
    }
}
