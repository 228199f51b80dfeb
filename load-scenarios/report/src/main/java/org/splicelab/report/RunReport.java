package org.splicelab.report;

import java.util.List;
import java.util.Map;

/**
 * Every figure of one load run, machine-readable: what {@code report.json} holds and what
 * {@code report.html} and the summary table show. Produced by the scenario engine; rendered by
 * {@link ReportWriter} and {@link SummaryTable}.
 *
 * @param scenario     scenario name
 * @param description  the question the scenario answers
 * @param model        kernel model id
 * @param seed         the run's seed
 * @param seconds      measured wall-clock duration
 * @param cores        available processors
 * @param totals       whole-run totals
 * @param timeline     one sample per interval (per-interval figures, not cumulative)
 * @param latencies    per syscall kind ("sendfile", "splice", ...) latency percentiles in microseconds
 * @param violations   violation id → count (every violation listed, zeros included)
 * @param leakedPages  frames still referenced after every object released its pages
 * @param accounting   byte accounting: bytes in, delivered, and discarded by named cause
 * @param assertions   the scenario's pass/fail criteria and how they came out
 * @param passed       every assertion held, no violation, no leak
 * @param faults       injected faults by kind ("processes-killed", "pipe-restarts", "socket-resets")
 * @param operations   per loop element: its calls and what failed with which errno (what "errors" is made of)
 * @param interrupted  why the run ended before its time ("SIGTERM"), or null when it ran to its end
 * @param steadyFrom   seconds of the run's own ramp-up (spawning, the dispatcher's threads) left out of every
 *                     timing: rates are over the intervals starting after it, latencies of calls started
 *                     after it; counts are whole-run
 */
public record RunReport(String scenario, String description, String model, long seed, double seconds, int cores,
                        Totals totals, List<Sample> timeline, Map<String, Latency> latencies,
                        Map<String, Long> violations, long leakedPages, Accounting accounting,
                        List<AssertionResult> assertions, boolean passed, Map<String, Long> faults,
                        List<OpResult> operations, String interrupted, double steadyFrom) {

    public RunReport {
        operations = List.copyOf(operations);
    }

    /** A report whose timings include the whole run (no ramp-up left out). */
    public RunReport(final String scenario, final String description, final String model, final long seed,
                     final double seconds, final int cores, final Totals totals, final List<Sample> timeline,
                     final Map<String, Latency> latencies, final Map<String, Long> violations, final long leakedPages,
                     final Accounting accounting, final List<AssertionResult> assertions, final boolean passed,
                     final Map<String, Long> faults, final List<OpResult> operations, final String interrupted) {
        this(scenario, description, model, seed, seconds, cores, totals, timeline, latencies, violations, leakedPages,
            accounting, assertions, passed, faults, operations, interrupted, 0);
    }

    /**
     * The timeline's steady state: the intervals that start at or after {@link #steadyFrom()}, without a
     * last interval shorter than half the usual one (a run's final few ms).
     */
    public List<Sample> steadySamples() {
        final List<Sample> out = new java.util.ArrayList<>();
        final List<Double> lengths = new java.util.ArrayList<>();
        double previous = 0;
        for (final Sample s : timeline) {
            final double dt = s.t() - previous;
            if (dt > 0 && previous >= steadyFrom - 1e-9) {
                out.add(s);
                lengths.add(dt);
            }
            previous = Math.max(previous, s.t());
        }
        if (out.size() >= 3) {
            final List<Double> others = new java.util.ArrayList<>(lengths.subList(0, lengths.size() - 1));
            java.util.Collections.sort(others);
            if (lengths.get(lengths.size() - 1) < others.get(others.size() / 2) / 2) {
                out.remove(out.size() - 1);
            }
        }
        return out;
    }

    /** Seconds the steady samples cover (0 when there are none). */
    public double steadySeconds() {
        final List<Sample> st = steadySamples();
        if (st.isEmpty()) {
            return 0;
        }
        double first = 0;
        for (final Sample s : timeline) {
            if (s == st.get(0)) {
                break;
            }
            first = s.t();
        }
        return st.get(st.size() - 1).t() - first;
    }

    /**
     * A timing: the per-second rate of {@code f} over the steady samples; a run without them (counted
     * in iterations, or too short to sample) falls back to {@code total} over the whole run.
     */
    public double steadyRate(final java.util.function.ToLongFunction<Sample> f, final long total) {
        final double secs = steadySeconds();
        if (secs <= 0) {
            return seconds > 0 ? total / seconds : 0;
        }
        return steadySamples().stream().mapToLong(f).sum() / secs;
    }

    /** A report without per-operation results, of a run that ran to its end. */
    public RunReport(final String scenario, final String description, final String model, final long seed,
                     final double seconds, final int cores, final Totals totals, final List<Sample> timeline,
                     final Map<String, Latency> latencies, final Map<String, Long> violations, final long leakedPages,
                     final Accounting accounting, final List<AssertionResult> assertions, final boolean passed,
                     final Map<String, Long> faults) {
        this(scenario, description, model, seed, seconds, cores, totals, timeline, latencies, violations, leakedPages,
            accounting, assertions, passed, faults, List.of(), null);
    }

    /** Errors by operation and errno ({@code read → EAGAIN → 12}), summed over the loop elements. */
    public Map<String, Map<String, Long>> errorsByOperation() {
        final Map<String, Map<String, Long>> m = new java.util.TreeMap<>();
        for (final OpResult o : operations) {
            o.errnos().forEach((errno, n) -> m.computeIfAbsent(o.op(), k -> new java.util.TreeMap<>())
                .merge(errno, n, Long::sum));
        }
        return m;
    }

    /** The loop elements whose every call failed: most likely a mistake in the scenario. */
    public List<OpResult> failingEveryTime() {
        return operations.stream().filter(OpResult::failsEveryTime).toList();
    }

    /**
     * One loop element's results.
     *
     * @param source where it is written: {@code FILE:LINE op}
     * @param op     the operation ("read", "splice", ...)
     * @param calls  calls completed
     * @param errnos failed calls by errno name (only those that occurred)
     */
    public record OpResult(String source, String op, long calls, Map<String, Long> errnos) {
        public OpResult {
            errnos = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(errnos));
        }

        public long failures() {
            return errnos.values().stream().mapToLong(Long::longValue).sum();
        }

        /** It ran and never succeeded. */
        public boolean failsEveryTime() {
            return calls > 0 && failures() == calls;
        }
    }

    /** A report of a run with no fault injected. */
    public RunReport(final String scenario, final String description, final String model, final long seed,
                     final double seconds, final int cores, final Totals totals, final List<Sample> timeline,
                     final Map<String, Latency> latencies, final Map<String, Long> violations, final long leakedPages,
                     final Accounting accounting, final List<AssertionResult> assertions, final boolean passed) {
        this(scenario, description, model, seed, seconds, cores, totals, timeline, latencies, violations, leakedPages,
            accounting, assertions, passed, Map.of());
    }

    /**
     * Whole-run totals.
     *
     * @param syscalls        system calls completed
     * @param errors          system calls that returned an errno (EAGAIN included)
     * @param bytesByReference bytes that entered a pipe or socket as page references
     * @param bytesCopied     bytes copied
     * @param pagesByReference pages moved by reference
     * @param pagesCopied     pages filled by copying
     * @param stealsTried     steal attempts (models that steal)
     * @param stealsSucceeded steals that succeeded
     * @param stealFailures   failed steals by reason ("shared", "dirty", "locked", "writeback")
     * @param refills         page-cache refills caused by steals
     * @param postSpliceChanges reads that saw a page changed after the splice returned
     * @param pageCache       the lock-free page cache: "lookups", "hits", "misses", "retries-frozen",
     *                        "retries-changed", "refills" (every miss read back from disk), "reclaimed"
     *                        (pages evicted by direct reclaim)
     * @param events          the other kernel events the cost estimate prices ({@link KernelCost}):
     *                        "pipe-locks", "blocked-waits", "wakeups", "socket-sends", "bytes-to-user",
     *                        "bytes-delivered"
     */
    public record Totals(long syscalls, long errors, long bytesByReference, long bytesCopied, long pagesByReference,
                         long pagesCopied, long stealsTried, long stealsSucceeded, Map<String, Long> stealFailures,
                         long refills, long postSpliceChanges, Map<String, Long> pageCache, Map<String, Long> events) {
        /** The totals without the cost-model events (reports written before they existed, tests). */
        public Totals(final long syscalls, final long errors, final long bytesByReference, final long bytesCopied,
                      final long pagesByReference, final long pagesCopied, final long stealsTried,
                      final long stealsSucceeded, final Map<String, Long> stealFailures, final long refills,
                      final long postSpliceChanges, final Map<String, Long> pageCache) {
            this(syscalls, errors, bytesByReference, bytesCopied, pagesByReference, pagesCopied, stealsTried,
                stealsSucceeded, stealFailures, refills, postSpliceChanges, pageCache, Map.of());
        }

        /** The totals without page-cache figures (reports written before they existed, tests). */
        public Totals(final long syscalls, final long errors, final long bytesByReference, final long bytesCopied,
                      final long pagesByReference, final long pagesCopied, final long stealsTried,
                      final long stealsSucceeded, final Map<String, Long> stealFailures, final long refills,
                      final long postSpliceChanges) {
            this(syscalls, errors, bytesByReference, bytesCopied, pagesByReference, pagesCopied, stealsTried,
                stealsSucceeded, stealFailures, refills, postSpliceChanges, Map.of());
        }

        /** Copied bytes over all bytes moved (0 when nothing moved). */
        public double copyRatio() {
            final long all = bytesByReference + bytesCopied;
            return all == 0 ? 0 : (double) bytesCopied / all;
        }
    }

    /** One interval of the timeline: {@code t} is the interval's end in seconds since the start. */
    public record Sample(double t, long syscalls, long bytesByReference, long bytesCopied, long pagesByReference,
                         long pagesCopied) {
    }

    /** Latency of one syscall kind, microseconds (from an HdrHistogram). */
    public record Latency(long count, double p50, double p99, double p999, double max) {
    }

    /** bytes in = delivered + discarded (each discard by its cause: "pipe-released", "socket-reset", ...). */
    public record Accounting(long bytesIn, long bytesDelivered, Map<String, Long> discarded, boolean balanced) {
    }

    /** One pass/fail criterion: {@code "max-violations <= 0"}, the actual value, and whether it held. */
    public record AssertionResult(String name, String expected, String actual, boolean ok) {
    }
}
