package org.splicelab.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The figures of a run as a plain-text table for the terminal, and of several runs side by side (one
 * column per model). The rows are shared with the compare page of {@code report.html}, so the terminal
 * and the browser show the same figures in the same order. Stateless; any thread.
 */
public final class SummaryTable {
    private static final String ABSENT = "-";
    private static final String GAP = "   ";

    private SummaryTable() {
    }

    /** How a cell reads: a figure that broke a check is BAD. */
    enum Tone { PLAIN, GOOD, BAD }

    /** One cell of a row. */
    record Cell(String text, Tone tone) {
        static Cell plain(final String text) {
            return new Cell(text, Tone.PLAIN);
        }
    }

    /** One row: a section heading when {@code cells} is empty, otherwise one cell per run. */
    record Row(String label, int indent, List<Cell> cells) {
        boolean heading() {
            return cells.isEmpty();
        }
    }

    /** One run: header, the figures, the byte accounting line, and a final PASSED or FAILED line. */
    public static String render(final RunReport r) {
        final StringBuilder sb = new StringBuilder();
        sb.append(r.scenario()).append(": model ").append(r.model()).append(", seed ").append(r.seed())
            .append(", ").append(seconds(r.seconds())).append(", ").append(r.cores())
            .append(r.cores() == 1 ? " core" : " cores").append('\n');
        description(sb, r.description());
        grid(sb, rows(List.of(r), false), null);
        sb.append("bytes: ").append(accountingLine(r.accounting())).append('\n');
        if (!r.faults().isEmpty()) {
            sb.append("faults injected:");
            r.faults().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
            sb.append('\n');
        }
        warnings(sb, r, "");
        sb.append(verdict(r)).append('\n');
        return sb.toString();
    }

    /** One line per loop element that failed every time it ran: a scenario that means something else. */
    static void warnings(final StringBuilder sb, final RunReport r, final String prefix) {
        for (final RunReport.OpResult o : r.failingEveryTime()) {
            sb.append("warning: ").append(prefix).append(o.source()).append(" failed every time it ran (")
                .append(count(o.calls())).append(o.calls() == 1 ? " call: " : " calls: ")
                .append(errnoList(o.errnos())).append(")\n");
        }
    }

    /** "EAGAIN 12, EPIPE 3". */
    static String errnoList(final Map<String, Long> errnos) {
        final List<String> parts = new ArrayList<>();
        errnos.forEach((e, n) -> parts.add(e + " " + count(n)));
        return String.join(", ", parts);
    }

    /** Several runs of one scenario and seed: the same rows, one column per model. */
    public static String renderCompare(final List<RunReport> runs) {
        requireComparable(runs);
        final RunReport first = runs.get(0);
        final StringBuilder sb = new StringBuilder();
        sb.append(first.scenario()).append(": seed ").append(first.seed()).append(", ").append(first.cores())
            .append(first.cores() == 1 ? " core" : " cores").append(", models ")
            .append(String.join(", ", column(runs, RunReport::model))).append('\n');
        description(sb, first.description());
        grid(sb, rows(runs, true), column(runs, RunReport::model));
        runs.forEach(r -> warnings(sb, r, r.model() + ": "));
        runs.stream().filter(r -> r.interrupted() != null).forEach(r -> sb.append(r.model()).append(": ")
            .append(interruption(r)).append('\n'));
        final List<String> failed = new ArrayList<>();
        runs.stream().filter(r -> !r.passed()).forEach(r -> failed.add(r.model()));
        sb.append(failed.isEmpty() ? "PASSED" : "FAILED (" + String.join(", ", failed) + ")").append('\n');
        return sb.toString();
    }

    /** The shared rows; {@code accountingRows} spells the byte accounting out row by row (compare). */
    static List<Row> rows(final List<RunReport> runs, final boolean accountingRows) {
        final List<Row> rows = new ArrayList<>();
        throughputRows(rows, runs);
        stealRows(rows, runs);
        latencyRows(rows, runs);
        checkRows(rows, runs);
        if (accountingRows) {
            accountingRows(rows, runs);
        }
        assertionRows(rows, runs);
        if (runs.size() > 1) {
            rows.add(row("verdict", 0, runs, r -> r.passed() ? good("PASSED") : bad("FAILED")));
        }
        return rows;
    }

    /** Throws IllegalArgumentException unless the runs share scenario and seed. */
    static void requireComparable(final List<RunReport> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("runs=0: a comparison needs at least one run");
        }
        final RunReport first = runs.get(0);
        for (final RunReport r : runs) {
            if (!Objects.equals(r.scenario(), first.scenario()) || r.seed() != first.seed()) {
                throw new IllegalArgumentException("scenario=" + r.scenario() + " seed=" + r.seed()
                    + " differs from scenario=" + first.scenario() + " seed=" + first.seed());
            }
        }
    }

    /** "PASSED", or "FAILED (...)" naming the failed assertions, violations and leaks. */
    static String verdict(final RunReport r) {
        if (r.passed()) {
            return "PASSED";
        }
        final List<String> why = new ArrayList<>();

        final long failedAssertions = r.assertions().stream().filter(a -> !a.ok()).count();
        if (failedAssertions > 0) {
            why.add(failedAssertions + (failedAssertions == 1 ? " assertion" : " assertions") + " failed");
        }
        final long violations = violationCount(r);
        if (violations > 0) {
            why.add(count(violations) + (violations == 1 ? " violation" : " violations"));
        }
        if (r.leakedPages() > 0) {
            why.add(count(r.leakedPages()) + (r.leakedPages() == 1 ? " leaked page" : " leaked pages"));
        }
        if (r.interrupted() != null) {
            return interruption(r) + (why.isEmpty() ? " (no check failed in it)" : "; FAILED (" + String.join(", ", why)
                + ")");
        }
        return why.isEmpty() ? "FAILED" : "FAILED (" + String.join(", ", why) + ")";
    }

    /** "INTERRUPTED by SIGTERM after 3.21 s: the figures cover what ran". */
    static String interruption(final RunReport r) {
        return "INTERRUPTED by " + r.interrupted() + " after " + seconds(r.seconds()) + ": the figures cover what ran";
    }

    /** "in N = delivered N + discarded N (cause N, ...): balanced". */
    static String accountingLine(final RunReport.Accounting a) {
        final StringBuilder sb = new StringBuilder();
        sb.append("in ").append(count(a.bytesIn())).append(" = delivered ").append(count(a.bytesDelivered()))
            .append(" + discarded ").append(count(discarded(a)));
        if (!a.discarded().isEmpty()) {
            final List<String> causes = new ArrayList<>();
            a.discarded().forEach((cause, n) -> causes.add(cause + " " + count(n)));
            sb.append(" (").append(String.join(", ", causes)).append(')');
        }
        return sb.append(": ").append(a.balanced() ? "balanced" : "UNBALANCED").toString();
    }

    private static void throughputRows(final List<Row> rows, final List<RunReport> runs) {
        rows.add(heading("timings (simulator, steady state after " + seconds(runs.stream()
            .mapToDouble(RunReport::steadyFrom).max().orElse(0)) + ")"));
        rows.add(row("duration", 1, runs, r -> Cell.plain(seconds(r.seconds()))));
        rows.add(row("syscalls/s", 1, runs, r -> Cell.plain(rate(r.steadyRate(RunReport.Sample::syscalls,
            r.totals().syscalls())))));
        rows.add(row("pages/s by reference", 1, runs, r -> Cell.plain(rate(r.steadyRate(
            RunReport.Sample::pagesByReference, r.totals().pagesByReference())))));
        rows.add(row("pages/s copied", 1, runs, r -> Cell.plain(rate(r.steadyRate(RunReport.Sample::pagesCopied,
            r.totals().pagesCopied())))));
        rows.add(heading("counts (exact tallies of this run, not timings)"));
        rows.add(row("copy ratio", 1, runs, r -> Cell.plain(percent(r.totals().copyRatio()))));
        rows.add(row("syscalls", 1, runs, r -> Cell.plain(count(r.totals().syscalls()))));
        rows.add(row("errors", 1, runs, r -> Cell.plain(count(r.totals().errors()))));
        final Set<String> failed = new LinkedHashSet<>();
        runs.forEach(r -> r.errorsByOperation().forEach((op, errnos) -> errnos.keySet()
            .forEach(errno -> failed.add(op + " " + errno))));
        for (final String opErrno : new java.util.TreeSet<>(failed)) {
            final String op = opErrno.substring(0, opErrno.indexOf(' '));
            final String errno = opErrno.substring(op.length() + 1);
            rows.add(row("errors: " + opErrno, 2, runs, r -> Cell.plain(count(r.errorsByOperation()
                .getOrDefault(op, Map.of()).getOrDefault(errno, 0L)))));
        }
        rows.add(row("bytes by reference", 1, runs, r -> Cell.plain(bytes(r.totals().bytesByReference()))));
        rows.add(row("bytes copied", 1, runs, r -> Cell.plain(bytes(r.totals().bytesCopied()))));
    }

    private static void stealRows(final List<Row> rows, final List<RunReport> runs) {
        rows.add(heading("steals (counts)"));
        rows.add(row("tried", 1, runs, r -> Cell.plain(count(r.totals().stealsTried()))));
        rows.add(row("ok", 1, runs, r -> Cell.plain(count(r.totals().stealsSucceeded()))));
        rows.add(row("failed", 1, runs, r -> Cell.plain(count(sum(r.totals().stealFailures())))));
        for (final String reason : union(runs, r -> r.totals().stealFailures().keySet())) {
            rows.add(row("failed: " + reason, 2, runs,
                r -> Cell.plain(count(r.totals().stealFailures().getOrDefault(reason, 0L)))));
        }
        rows.add(row("refills", 1, runs, r -> Cell.plain(count(r.totals().refills()))));
        rows.add(row("post-splice changes", 1, runs, r -> Cell.plain(count(r.totals().postSpliceChanges()))));
        if (runs.stream().anyMatch(r -> r.totals().events().containsKey("relay-records"))) {
            rows.add(heading("relay channels (counts)"));
            for (final String k : List.of("relay-records", "relay-dropped", "relay-consumed-on-release")) {
                rows.add(row(k.substring("relay-".length()).replace('-', ' '), 1, runs,
                    r -> Cell.plain(k.endsWith("release") ? bytes(r.totals().events().getOrDefault(k, 0L))
                        : count(r.totals().events().getOrDefault(k, 0L)))));
            }
        }
        final Set<String> figures = union(runs, r -> r.totals().pageCache().keySet());
        if (!figures.isEmpty()) {
            rows.add(heading("page cache (lock-free lookups)"));
            for (final String f : figures) {
                rows.add(row(f, 1, runs, r -> Cell.plain(count(r.totals().pageCache().getOrDefault(f, 0L)))));
            }
        }
    }

    private static void latencyRows(final List<Row> rows, final List<RunReport> runs) {
        rows.add(heading("latency p50 / p99 / p999 (µs, steady state)"));
        final Set<String> kinds = union(runs, r -> r.latencies().keySet());
        if (kinds.isEmpty()) {
            rows.add(row("no samples", 1, runs, r -> Cell.plain(ABSENT)));
        }
        for (final String kind : kinds) {
            rows.add(row(kind, 1, runs, r -> {
                final RunReport.Latency l = r.latencies().get(kind);
                return Cell.plain(l == null ? ABSENT
                    : micros(l.p50()) + " / " + micros(l.p99()) + " / " + micros(l.p999()));
            }));
        }
    }

    private static void checkRows(final List<Row> rows, final List<RunReport> runs) {
        final Set<String> named = new LinkedHashSet<>();
        for (final RunReport r : runs) {
            r.violations().forEach((name, n) -> {
                if (n != 0) {
                    named.add(name);
                }
            });
        }
        if (named.isEmpty()) {
            rows.add(row("violations", 0, runs, r -> good("none")));
        } else {
            rows.add(heading("violations"));
            for (final String name : named) {
                rows.add(row(name, 1, runs, r -> tally(r.violations().getOrDefault(name, 0L))));
            }
        }
        rows.add(row("leaked pages", 0, runs, r -> tally(r.leakedPages())));
    }

    private static void accountingRows(final List<Row> rows, final List<RunReport> runs) {
        rows.add(heading("byte accounting"));
        rows.add(row("bytes in", 1, runs, r -> Cell.plain(count(r.accounting().bytesIn()))));
        rows.add(row("delivered", 1, runs, r -> Cell.plain(count(r.accounting().bytesDelivered()))));
        rows.add(row("discarded", 1, runs, r -> Cell.plain(count(discarded(r.accounting())))));
        for (final String cause : union(runs, r -> r.accounting().discarded().keySet())) {
            rows.add(row("discarded: " + cause, 2, runs,
                r -> Cell.plain(count(r.accounting().discarded().getOrDefault(cause, 0L)))));
        }
        rows.add(row("balanced", 1, runs, r -> r.accounting().balanced() ? good("yes") : bad("NO")));
    }

    private static void assertionRows(final List<Row> rows, final List<RunReport> runs) {
        final Set<String> names = union(runs, r -> r.assertions().stream().map(SummaryTable::criterion).toList());
        if (names.isEmpty()) {
            rows.add(row("assertions", 0, runs, r -> Cell.plain("none")));
            return;
        }
        rows.add(heading("assertions"));
        for (final String name : names) {
            rows.add(row(name, 1, runs, r -> r.assertions().stream().filter(a -> criterion(a).equals(name))
                .findFirst()
                .map(a -> a.ok() ? good("ok (" + a.actual() + ")") : bad("FAILED (" + a.actual() + ")"))
                .orElse(Cell.plain(ABSENT))));
        }
    }

    /** The criterion as people read it: the name, then the expectation unless the name already holds it. */
    static String criterion(final RunReport.AssertionResult a) {
        final String expected = a.expected() == null ? "" : a.expected().trim();
        return expected.isEmpty() || a.name().endsWith(expected) ? a.name() : a.name() + " " + expected;
    }

    private static void grid(final StringBuilder sb, final List<Row> rows, final List<String> header) {
        final int columns = header != null ? header.size() : rows.stream().mapToInt(r -> r.cells().size()).max()
            .orElse(0);
        int labelWidth = 0;
        final int[] widths = new int[columns];
        for (int c = 0; c < columns && header != null; c++) {
            widths[c] = header.get(c).length();
        }
        for (final Row row : rows) {
            labelWidth = Math.max(labelWidth, 2 * row.indent() + row.label().length());
            for (int c = 0; c < row.cells().size(); c++) {
                widths[c] = Math.max(widths[c], row.cells().get(c).text().length());
            }
        }
        if (header != null) {
            line(sb, "", 0, labelWidth, header, widths);
        }
        for (final Row row : rows) {
            line(sb, row.label(), row.indent(), labelWidth, row.cells().stream().map(Cell::text).toList(), widths);
        }
    }

    private static void line(final StringBuilder sb, final String label, final int indent, final int labelWidth,
                             final List<String> cells, final int[] widths) {
        final StringBuilder line = new StringBuilder();
        line.append("  ".repeat(indent)).append(label);
        if (!cells.isEmpty()) {
            line.append(" ".repeat(labelWidth - line.length()));
        }
        for (int c = 0; c < cells.size(); c++) {
            line.append(GAP).append(" ".repeat(widths[c] - cells.get(c).length())).append(cells.get(c));
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }

    private static void description(final StringBuilder sb, final String description) {
        if (description != null && !description.isBlank()) {
            sb.append("  ").append(description.strip().replace("\n", "\n  ")).append('\n');
        }
        sb.append('\n');
    }

    private static Row heading(final String label) {
        return new Row(label, 0, List.of());
    }

    private static Row row(final String label, final int indent, final List<RunReport> runs,
                           final Function<RunReport, Cell> cell) {
        return new Row(label, indent, runs.stream().map(cell).toList());
    }

    private static Cell good(final String text) {
        return new Cell(text, Tone.GOOD);
    }

    private static Cell bad(final String text) {
        return new Cell(text, Tone.BAD);
    }

    private static Cell tally(final long n) {
        return n == 0 ? Cell.plain("0") : bad(count(n));
    }

    private static Set<String> union(final List<RunReport> runs,
                                     final Function<RunReport, ? extends Iterable<String>> keys) {
        final Set<String> all = new LinkedHashSet<>();
        runs.forEach(r -> keys.apply(r).forEach(all::add));
        return all;
    }

    private static List<String> column(final List<RunReport> runs, final Function<RunReport, String> f) {
        return runs.stream().map(f).toList();
    }

    static long sum(final Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    static long violationCount(final RunReport r) {
        return sum(r.violations());
    }

    static long discarded(final RunReport.Accounting a) {
        return sum(a.discarded());
    }

    /** {@code n / seconds}, or 0 when the run has no duration. */
    static double perSecond(final long n, final double seconds) {
        return seconds > 0 && Double.isFinite(seconds) ? n / seconds : 0;
    }

    /** 1234567 as "1,234,567". */
    static String count(final long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A rate: whole numbers from 100 up, then one or two decimals. */
    static String rate(final double v) {
        if (!Double.isFinite(v)) {
            return ABSENT;
        }
        final double a = Math.abs(v);
        final String format = a == 0 || a >= 100 ? "%,.0f" : a >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, format, v);
    }

    /** Binary units: "512 B", "1.50 KiB", "12.3 GiB". */
    static String bytes(final double b) {
        if (!Double.isFinite(b)) {
            return ABSENT;
        }
        final String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        int u = 0;
        double v = b;
        while (Math.abs(v) >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        if (u == 0) {
            return String.format(Locale.ROOT, "%,.0f B", v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f %s" : Math.abs(v) >= 10 ? "%.1f %s" : "%.2f %s",
            v, units[u]);
    }

    /** A ratio as a percentage with two decimals: 0.1234 as "12.34 %". */
    static String percent(final double ratio) {
        return Double.isFinite(ratio) ? String.format(Locale.ROOT, "%.2f %%", ratio * 100) : ABSENT;
    }

    /** Microseconds: two decimals below 10, one below 1000, then whole numbers with separators. */
    static String micros(final double us) {
        if (!Double.isFinite(us)) {
            return ABSENT;
        }
        final double a = Math.abs(us);
        return String.format(Locale.ROOT, a >= 1000 ? "%,.0f" : a >= 10 ? "%.1f" : "%.2f", us);
    }

    /** Seconds with two decimals: "12.00 s". */
    static String seconds(final double s) {
        return Double.isFinite(s) ? String.format(Locale.ROOT, "%,.2f s", s) : ABSENT;
    }
}
