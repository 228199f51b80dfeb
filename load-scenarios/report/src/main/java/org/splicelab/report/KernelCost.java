package org.splicelab.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel cost model (ADR 0019): every kernel event a run counts, priced with the unit costs that
 * {@code splicelab calibrate} measured on this host ({@link KernelProfile}), summed into an estimate
 * of the kernel time each model would spend per GiB served. Estimates, not measurements: the counts
 * are the simulator's, the prices the host's primitives.
 */
public final class KernelCost {
    /** Bytes in a GiB. */
    public static final double GIB = 1L << 30;
    private static final double PAGE = 4096;

    /** Each priced event and which of the run's counts it is. */
    public static final Map<String, String> EVENTS = events();

    private static Map<String, String> events() {
        final Map<String, String> m = new LinkedHashMap<>();
        m.put("syscall", "system calls completed");
        m.put("pipe-lock", "calls served under a pipe's mutex");
        m.put("lookup", "page-cache and address-space page lookups");
        m.put("reference", "pages that entered a pipe or socket by reference");
        m.put("copy-page", "4 KiB copied from a page in the CPU's cache: out of user memory by write(2), or from"
            + " a page when the scenario's files fit the cache");
        m.put("copy-page-cold", "4 KiB copied from a page of files larger than the cache: splice copies, reads into"
            + " user memory");
        m.put("alloc", "pages allocated to be filled by copying (a socket's own copies are in socket-page)");
        m.put("steal", "steals tried (lock, freeze, remove)");
        m.put("refill", "page-cache misses read back from the backing store");
        m.put("wakeup", "parked calls woken");
        m.put("blocked-wait", "calls parked until data or room");
        m.put("socket-send", "sends into a socket");
        m.put("socket-page", "pages queued on a socket (by reference or copied)");
        return java.util.Collections.unmodifiableMap(m);
    }

    private KernelCost() {
    }

    /**
     * One model's estimate.
     *
     * @param model     the kernel model
     * @param counts    event → how many the run counted (copy-page in 4 KiB units)
     * @param ns        event → counts × unit, nanoseconds
     * @param bytes     the bytes the estimate is per: delivered (served), or moved when nothing was delivered
     * @param delivered whether {@code bytes} are bytes delivered to a pipeline's end
     */
    public record Estimate(String model, Map<String, Double> counts, Map<String, Double> ns, double bytes,
                           boolean delivered) {
        public double totalNs() {
            return ns.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        /** Kernel time per GiB, nanoseconds (NaN when no byte moved). */
        public double nsPerGiB() {
            return bytes > 0 ? totalNs() / bytes * GIB : Double.NaN;
        }

        /** GiB per second one CPU would move spending only this kernel time. */
        public double gibPerSecond() {
            return 1e9 / nsPerGiB();
        }

        /** Events of one kind per GiB. */
        public double perGiB(final String event) {
            return bytes > 0 ? counts.get(event) / bytes * GIB : Double.NaN;
        }
    }

    /**
     * The run's count of every priced event ({@link #EVENTS}), copies in 4 KiB pages: a copy out of user
     * memory is hot; a copy from a page is hot when the scenario's files fit in {@code cacheBytes}, else cold.
     */
    public static Map<String, Double> counts(final RunReport.Totals t, final long cacheBytes) {
        final Map<String, Long> e = t.events();
        final Map<String, Long> pc = t.pageCache();
        final Map<String, Double> m = new LinkedHashMap<>();
        final long fromUser = e.getOrDefault("bytes-from-user", 0L);
        final long fromPages = Math.max(0, t.bytesCopied() - fromUser) + e.getOrDefault("bytes-to-user", 0L);
        final boolean hot = e.getOrDefault("file-bytes", 0L) <= cacheBytes;
        m.put("syscall", (double) t.syscalls());
        m.put("pipe-lock", (double) e.getOrDefault("pipe-locks", 0L));
        m.put("lookup", (double) pc.getOrDefault("lookups", 0L));
        m.put("reference", (double) t.pagesByReference());
        m.put("copy-page", (fromUser + (hot ? fromPages : 0)) / PAGE);
        m.put("copy-page-cold", hot ? 0.0 : fromPages / PAGE);
        m.put("alloc", (double) Math.max(0, t.pagesCopied() - e.getOrDefault("socket-pages-copied", 0L)));
        m.put("steal", (double) t.stealsTried());
        m.put("refill", (double) pc.getOrDefault("refills", 0L));
        m.put("wakeup", (double) e.getOrDefault("wakeups", 0L));
        m.put("blocked-wait", (double) e.getOrDefault("blocked-waits", 0L));
        m.put("socket-send", (double) e.getOrDefault("socket-sends", 0L));
        m.put("socket-page", (double) e.getOrDefault("socket-pages", 0L));
        return m;
    }

    /** The estimate of one run: its counts × the profile's units, per byte delivered (else moved). */
    public static Estimate estimate(final RunReport r, final KernelProfile p) {
        final Map<String, Double> counts = counts(r.totals(), p.cacheBytes());
        final Map<String, Double> ns = new LinkedHashMap<>();
        counts.forEach((event, n) -> ns.put(event, n * p.unitsNs().get(event)));
        final long delivered = r.totals().events().getOrDefault("bytes-delivered", 0L);
        final boolean served = delivered > 0;
        final double bytes = served ? delivered : r.totals().bytesByReference() + r.totals().bytesCopied();
        return new Estimate(r.model(), counts, ns, bytes, served);
    }

    /** The heading line of the estimate block: what it is, per what, from which profile. */
    public static String title(final List<RunReport> runs, final KernelProfile p) {
        return String.format("Kernel cost ESTIMATE per %s (not a measurement: this run's event counts for seed %d"
            + " x the unit costs of%n  %s, calibrated %s on Linux %s %s, %s, %d CPUs; `splicelab calibrate"
            + " --validate` checks them against the kernel):", per(runs, p), runs.get(0).seed(), p.source(),
            p.measured(), p.kernel(), p.machine(), p.cpu(), p.cpus());
    }

    private static String per(final List<RunReport> runs, final KernelProfile p) {
        final long served = runs.stream().filter(r -> estimate(r, p).delivered()).count();
        return served == runs.size() ? "GiB served" : served == 0 ? "GiB moved" : "GiB served (moved, for a run that served none)";
    }

    /**
     * The block's rows: a label and one cell per run (a one-element row is a heading): the kernel time
     * per GiB, the throughput one CPU and the whole machine would reach, each counted event's share.
     */
    public static List<String[]> rows(final List<RunReport> runs, final KernelProfile p) {
        final List<Estimate> es = runs.stream().map(r -> estimate(r, p)).toList();
        final String per = per(runs, p);
        final List<String[]> rows = new java.util.ArrayList<>();
        rows.add(row("kernel time per " + per, es, e -> figure(e, "%,.1f ms", e.nsPerGiB() / 1e6)));
        rows.add(row("est. throughput, 1 CPU", es, e -> figure(e, "%,.2f GiB/s", e.gibPerSecond())));
        rows.add(row("est. throughput, " + p.cpus() + " CPUs", es, e -> figure(e, "%,.2f GiB/s",
            e.gibPerSecond() * p.cpus())));
        rows.add(new String[] {"per " + per + ": ms (events)"});
        for (final String event : EVENTS.keySet()) {
            if (es.stream().anyMatch(e -> e.counts().get(event) > 0)) {
                rows.add(row("  " + event + " @ " + formatNs(p.unitsNs().get(event)), es,
                    e -> figure(e, "%,.1f (" + count(e.perGiB(event)) + ")", e.ns().get(event) / e.bytes() * GIB / 1e6)));
            }
        }
        return rows;
    }

    /** "linux 52.0 ms < copy 349.0 ms < ...", or null for one run. */
    public static String ranking(final List<RunReport> runs, final KernelProfile p) {
        if (runs.size() < 2) {
            return null;
        }
        return "cheapest first: " + String.join(" < ", runs.stream().map(r -> estimate(r, p)).filter(e -> e.bytes() > 0)
            .sorted(java.util.Comparator.comparingDouble(Estimate::nsPerGiB))
            .map(e -> e.model() + String.format(" %,.1f ms", e.nsPerGiB() / 1e6)).toList());
    }

    /** What the figures include and assume. */
    public static final String NOTE = "Refills and blocked waits are time a caller waits, the rest CPU time; the"
        + " throughput assumes CPUs that never contend.";

    /** The estimate block of a run or a compare, as text. */
    public static String render(final List<RunReport> runs, final KernelProfile p) {
        final StringBuilder sb = new StringBuilder(title(runs, p)).append('\n');
        sb.append(new Table(runs.stream().map(RunReport::model).toList(), rows(runs, p)).render());
        final String ranking = ranking(runs, p);
        if (ranking != null) {
            sb.append("  ").append(ranking).append('\n');
        }
        return sb.append("  ").append(NOTE).append('\n').toString();
    }

    /** {@code value} formatted, or "-" for a run that moved no byte (nothing to divide by). */
    private static String figure(final Estimate e, final String format, final double value) {
        return e.bytes() > 0 && Double.isFinite(value) ? String.format(format, value) : "-";
    }

    private static String[] row(final String label, final List<Estimate> es,
                                final java.util.function.Function<Estimate, String> f) {
        final String[] r = new String[es.size() + 1];
        r[0] = label;
        for (int i = 0; i < es.size(); i++) {
            r[i + 1] = f.apply(es.get(i));
        }
        return r;
    }

    /** What run and compare print when there is no profile. */
    public static String noProfile(final String defaultPath) {
        return "Kernel cost estimate: no profile at " + defaultPath + "; `./splicelab calibrate` measures this"
            + " machine's unit costs (about 10 s) and writes it there (or pass --profile FILE).\n";
    }

    static String formatNs(final double ns) {
        return ns >= 10_000 ? String.format("%,.1f us", ns / 1000) : String.format("%,.0f ns", ns);
    }

    private static String count(final double n) {
        return n >= 100 || n == 0 ? String.format("%,.0f", n) : String.format("%,.2f", n);
    }

    /** Rows of label + one right-aligned cell per model. */
    private record Table(List<String> models, List<String[]> rows) {
        String render() {
            final int[] w = new int[models.size() + 1];
            for (final String[] r : rows) {
                if (r.length > 1) {
                    for (int i = 0; i < r.length; i++) {
                        w[i] = Math.max(w[i], r[i].length());
                    }
                }
            }
            for (int i = 0; i < models.size(); i++) {
                w[i + 1] = Math.max(w[i + 1], models.get(i).length());
            }
            final StringBuilder sb = new StringBuilder();
            sb.append(String.format("  %-" + w[0] + "s", ""));
            for (int i = 0; i < models.size(); i++) {
                sb.append(String.format("  %" + w[i + 1] + "s", models.get(i)));
            }
            sb.append('\n');
            for (final String[] r : rows) {
                sb.append(String.format("  %-" + w[0] + "s", r[0]));
                for (int i = 1; i < r.length; i++) {
                    sb.append(String.format("  %" + w[i] + "s", r[i]));
                }
                sb.append('\n');
            }
            return sb.toString();
        }
    }
}
