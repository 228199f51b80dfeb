package org.splicelab.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Deterministic run reports shaped like the scenario engine's: a hot file served under three models. */
final class SampleReports {
    static final String SCENARIO = "hot-file-sendfile";
    static final long SEED = 42;
    static final double SECONDS = 10.0;
    static final int SAMPLES = 40;
    static final int PAGE = 4096;

    private SampleReports() {
    }

    /** A passing run: {@code copyShare} of the pages copied, steals for models that steal. */
    static RunReport run(final String model, final double copyShare, final boolean steals) {
        final Random random = new Random(SEED + model.hashCode());
        final List<RunReport.Sample> timeline = new ArrayList<>();
        long syscalls = 0;
        long pagesByReference = 0;
        long pagesCopied = 0;
        final double dt = SECONDS / SAMPLES;
        for (int i = 1; i <= SAMPLES; i++) {
            final double ramp = Math.min(1, i / 6.0);
            final long calls = (long) ((50_000 - 15_000 * copyShare) * dt * ramp * (0.9 + 0.2 * random.nextDouble()));
            final long pages = calls * 4;
            final long copied = (long) (pages * copyShare);
            timeline.add(new RunReport.Sample(i * dt, calls, (pages - copied) * PAGE, copied * PAGE, pages - copied,
                copied));
            syscalls += calls;
            pagesByReference += pages - copied;
            pagesCopied += copied;
        }
        final long stealsTried = steals ? pagesCopied / 3 : 0;
        final long stealsOk = steals ? stealsTried * 4 / 5 : 0;
        final Map<String, Long> failures = new LinkedHashMap<>();
        if (steals) {
            failures.put("shared", (stealsTried - stealsOk) * 3 / 4);
            failures.put("dirty", (stealsTried - stealsOk) - (stealsTried - stealsOk) * 3 / 4);
        }
        final RunReport.Totals totals = new RunReport.Totals(syscalls, syscalls / 500, pagesByReference * PAGE,
            pagesCopied * PAGE, pagesByReference, pagesCopied, stealsTried, stealsOk, failures, stealsOk,
            steals ? 0 : 17);
        final long bytesIn = (pagesByReference + pagesCopied) * PAGE;
        final Map<String, Long> discarded = new LinkedHashMap<>();
        discarded.put("pipe-released", 8 * (long) PAGE);
        discarded.put("socket-reset", 3 * (long) PAGE);
        final RunReport.Accounting accounting = new RunReport.Accounting(bytesIn, bytesIn - 11 * (long) PAGE,
            discarded, true);
        return new RunReport(SCENARIO, "Serve one hot 64 MiB file to 64 sockets with sendfile while a writer "
            + "rewrites it: how many pages move by reference, and what does a reader see?", model, SEED, SECONDS, 4,
            totals, timeline, latencies(copyShare), violations(0), 0, accounting,
            List.of(new RunReport.AssertionResult("max-violations", "<= 0", "0", true),
                new RunReport.AssertionResult("min-syscalls-per-second", ">= 1000",
                    SummaryTable.rate(syscalls / SECONDS), true)),
            true);
    }

    static RunReport linux() {
        return run("linux", 0.02, false);
    }

    static List<RunReport> threeModels() {
        return List.of(linux(), run("private-pages", 0.35, true), run("splice-is-read-write", 1.0, false));
    }

    /** Round figures for exact assertions: 2 s, 2,000,000 syscalls, a quarter of the pages copied. */
    static RunReport fixed() {
        final RunReport.Totals totals = new RunReport.Totals(2_000_000, 1_234, 300_000L * PAGE, 100_000L * PAGE,
            300_000, 100_000, 1_000, 900, new LinkedHashMap<>(Map.of("shared", 60L)), 900, 3);
        totals.stealFailures().put("dirty", 40L);
        final Map<String, RunReport.Latency> latencies = new LinkedHashMap<>();
        latencies.put("sendfile", new RunReport.Latency(1_500_000, 12.34, 45.6, 789.0, 1_234.5));
        latencies.put("tee", new RunReport.Latency(500_000, 0.75, 3.5, 12_345.0, 20_000));
        final Map<String, Long> discarded = new LinkedHashMap<>();
        discarded.put("pipe-released", 4_096L);
        discarded.put("socket-reset", 8_192L);
        return new RunReport("fixed", "Round numbers.", "private-pages", 9, 2.0, 2, totals,
            List.of(new RunReport.Sample(1.0, 1_000_000, 150_000L * PAGE, 50_000L * PAGE, 150_000, 50_000),
                new RunReport.Sample(2.0, 1_000_000, 150_000L * PAGE, 50_000L * PAGE, 150_000, 50_000)),
            latencies, violations(0), 0, new RunReport.Accounting(1_638_400_000L, 1_638_387_712L, discarded, true),
            List.of(new RunReport.AssertionResult("max-violations", "<= 0", "0", true)), true);
    }

    /** {@link #fixed()} whose errors are explained: two loop elements, one of which fails every time. */
    static RunReport withErrors() {
        final RunReport r = fixed();
        return new RunReport(r.scenario(), r.description(), r.model(), r.seed(), r.seconds(), r.cores(), r.totals(),
            r.timeline(), r.latencies(), r.violations(), r.leakedPages(), r.accounting(), r.assertions(), r.passed(),
            r.faults(), List.of(
                new RunReport.OpResult("web.conf:12 read", "read", 1_000, Map.of("EAGAIN", 1_000L)),
                new RunReport.OpResult("web.conf:13 splice", "splice", 2_000, Map.of("EAGAIN", 200L)),
                new RunReport.OpResult("web.conf:14 read", "read", 500, Map.of("EAGAIN", 30L, "EPIPE", 4L))),
            null);
    }

    /** A failing run: a use-after-free, two leaked pages, a failed assertion, unbalanced bytes. */
    static RunReport failing() {
        final RunReport r = linux();
        final RunReport.Accounting a = r.accounting();
        return new RunReport(r.scenario(), r.description(), "dirty-pipe", r.seed(), r.seconds(), r.cores(), r.totals(),
            r.timeline(), r.latencies(), violations(3), 2,
            new RunReport.Accounting(a.bytesIn(), a.bytesDelivered() - 100, a.discarded(), false),
            List.of(new RunReport.AssertionResult("max-violations", "<= 0", "3", false),
                new RunReport.AssertionResult("min-syscalls-per-second", ">= 1000", "1", true)),
            false);
    }

    /** A run that recorded nothing: no samples, no latencies, no bytes, no duration. */
    static RunReport empty() {
        return new RunReport("idle", "", "linux", 7, 0, 1,
            new RunReport.Totals(0, 0, 0, 0, 0, 0, 0, 0, Map.of(), 0, 0), List.of(), Map.of(), violations(0), 0,
            new RunReport.Accounting(0, 0, Map.of(), true), List.of(), true);
    }

    private static Map<String, RunReport.Latency> latencies(final double copyShare) {
        final Map<String, RunReport.Latency> l = new LinkedHashMap<>();
        final double cost = 1 + 3 * copyShare;
        l.put("sendfile", new RunReport.Latency(310_000, 4.2 * cost, 38.5 * cost, 412 * cost, 2_950 * cost));
        l.put("splice", new RunReport.Latency(120_000, 2.9 * cost, 21.7 * cost, 188 * cost, 1_204 * cost));
        l.put("vmsplice", new RunReport.Latency(42_000, 1.8, 12.4, 96.1, 640));
        l.put("read", new RunReport.Latency(9_800, 6.5, 55.0, 1_310, 9_870));
        return l;
    }

    private static Map<String, Long> violations(final long useAfterFree) {
        final Map<String, Long> v = new LinkedHashMap<>();
        v.put("refcount-underflow", 0L);
        v.put("use-after-free", useAfterFree);
        v.put("stolen-while-shared", 0L);
        v.put("page-cache-written-through-pipe", 0L);
        return v;
    }

    /** {@code r} as if run under {@code model}: a second column of a comparison. */
    static RunReport asModel(final RunReport r, final String model) {
        return new RunReport(r.scenario(), r.description(), model, r.seed(), r.seconds(), r.cores(), r.totals(),
            r.timeline(), r.latencies(), r.violations(), r.leakedPages(), r.accounting(), r.assertions(), r.passed(),
            r.faults(), r.operations(), r.interrupted(), r.steadyFrom());
    }
}
