package org.splicelab.report;

import static org.splicelab.report.Html.escape;
import static org.splicelab.report.SummaryTable.bytes;
import static org.splicelab.report.SummaryTable.count;
import static org.splicelab.report.SummaryTable.micros;
import static org.splicelab.report.SummaryTable.percent;
import static org.splicelab.report.SummaryTable.perSecond;
import static org.splicelab.report.SummaryTable.rate;

import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Writes a run's {@code report.json} (every figure, machine-readable, rendered by Typesafe Config) and
 * {@code report.html} (one self-contained page: inline CSS and server-side SVG charts, no script, no
 * network), and the side-by-side versions for {@code splicelab compare}. Stateless; any thread.
 */
public final class ReportWriter {
    /** The JSON file's name in a report directory. */
    public static final String JSON_FILE = "report.json";
    /** The HTML file's name in a report directory. */
    public static final String HTML_FILE = "report.html";
    /** The chart ids, in page order; each is an {@code <svg>}, or a "no data" note. */
    public static final List<String> CHART_IDS =
        List.of("chart-throughput", "chart-bytes", "chart-bytes-totals", "chart-latency");

    private static final ConfigRenderOptions JSON = ConfigRenderOptions.concise().setJson(true).setFormatted(true);
    private static final List<String> PERCENTILES = List.of("p50", "p99", "p999");

    private ReportWriter() {
    }

    /** Writes {@code report.json} and {@code report.html} into {@code dir}, creating it. */
    public static void write(final RunReport report, final Path dir) throws IOException {
        write(report, dir, null);
    }

    /** The same with the kernel cost estimate of {@code profile} (none when null) in both files. */
    public static void write(final RunReport report, final Path dir, final KernelProfile profile) throws IOException {
        writeString(dir.resolve(JSON_FILE), render(runMap(report, profile)));
        writeString(dir.resolve(HTML_FILE), html(report, profile));
    }

    /** Writes {@link #json(RunReport)} to {@code file}, creating its directory. */
    public static void writeJson(final RunReport report, final Path file) throws IOException {
        writeString(file, json(report));
    }

    /** Writes the self-contained HTML page of one run to {@code file}, creating its directory. */
    public static void writeHtml(final RunReport report, final Path file) throws IOException {
        writeString(file, html(report));
    }

    /**
     * Writes {@code report.json} (every run under {@code runs}) and {@code report.html} (the models side by
     * side) into {@code dir}. The runs must share scenario and seed.
     */
    public static void writeCompare(final List<RunReport> runs, final Path dir) throws IOException {
        writeCompare(runs, dir, null);
    }

    /** The same with the kernel cost estimate of {@code profile} (none when null) in both files. */
    public static void writeCompare(final List<RunReport> runs, final Path dir, final KernelProfile profile)
        throws IOException {
        SummaryTable.requireComparable(runs);
        writeString(dir.resolve(JSON_FILE), compareJson(runs, profile));
        writeString(dir.resolve(HTML_FILE), compareHtml(runs, profile));
    }

    /** Every figure of the run as one JSON object; non-finite numbers become {@code null}. */
    public static String json(final RunReport report) {
        return render(runMap(report, null));
    }

    static String compareJson(final List<RunReport> runs) {
        return compareJson(runs, null);
    }

    static String compareJson(final List<RunReport> runs, final KernelProfile profile) {
        SummaryTable.requireComparable(runs);
        final Map<String, Object> root = new LinkedHashMap<>();
        root.put("scenario", runs.get(0).scenario());
        root.put("seed", runs.get(0).seed());
        root.put("models", runs.stream().map(RunReport::model).toList());
        root.put("passed", runs.stream().allMatch(RunReport::passed));
        root.put("runs", runs.stream().map(r -> runMap(r, profile)).toList());
        return render(root);
    }

    private static String render(final Map<String, Object> root) {
        return ConfigValueFactory.fromAnyRef(root).render(JSON) + "\n";
    }

    private static Map<String, Object> runMap(final RunReport r, final KernelProfile profile) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", r.scenario());
        m.put("description", r.description());
        m.put("model", r.model());
        m.put("seed", r.seed());
        m.put("seconds", finite(r.seconds()));
        m.put("cores", r.cores());
        m.put("passed", r.passed());
        m.put("totals", totalsMap(r.totals()));
        m.put("rates", ratesMap(r));
        m.put("timeline", r.timeline().stream().map(ReportWriter::sampleMap).toList());
        final Map<String, Object> latencies = new LinkedHashMap<>();
        r.latencies().forEach((kind, l) -> latencies.put(kind, latencyMap(l)));
        m.put("latencies", latencies);
        m.put("violations", new LinkedHashMap<>(r.violations()));
        m.put("violationsTotal", SummaryTable.violationCount(r));
        m.put("leakedPages", r.leakedPages());
        m.put("accounting", accountingMap(r.accounting()));
        m.put("faults", r.faults());
        m.put("assertions", r.assertions().stream().map(ReportWriter::assertionMap).toList());
        m.put("errorsByOperation", r.errorsByOperation());
        m.put("operations", r.operations().stream().map(ReportWriter::operationMap).toList());
        m.put("interrupted", r.interrupted());
        if (profile != null) {
            m.put("kernelCostEstimate", estimateMap(KernelCost.estimate(r, profile), profile));
        }
        return m;
    }

    /** An estimate, labelled as one: per GiB served (or moved), each event's count and nanoseconds. */
    private static Map<String, Object> estimateMap(final KernelCost.Estimate e, final KernelProfile p) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("what", "an estimate: this run's event counts x the unit costs of the profile, not a measurement");
        m.put("profile", p.source());
        m.put("kernel", p.kernel());
        m.put("cpu", p.cpu());
        m.put("calibrated", p.measured());
        m.put("per", e.delivered() ? "GiB served" : "GiB moved");
        m.put("nsPerGiB", finite(e.nsPerGiB()));
        m.put("gibPerSecondOneCpu", finite(e.gibPerSecond()));
        final Map<String, Object> events = new LinkedHashMap<>();
        e.counts().forEach((k, n) -> events.put(k, Map.of("count", finite(n), "unitNs", p.unitsNs().get(k),
            "ns", finite(e.ns().get(k)))));
        m.put("events", events);
        return m;
    }

    private static Map<String, Object> operationMap(final RunReport.OpResult o) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", o.source());
        m.put("op", o.op());
        m.put("calls", o.calls());
        m.put("failures", o.failures());
        m.put("errnos", o.errnos());
        m.put("failsEveryTime", o.failsEveryTime());
        return m;
    }

    private static Map<String, Object> totalsMap(final RunReport.Totals t) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("syscalls", t.syscalls());
        m.put("errors", t.errors());
        m.put("bytesByReference", t.bytesByReference());
        m.put("bytesCopied", t.bytesCopied());
        m.put("pagesByReference", t.pagesByReference());
        m.put("pagesCopied", t.pagesCopied());
        m.put("copyRatio", finite(t.copyRatio()));
        m.put("stealsTried", t.stealsTried());
        m.put("stealsSucceeded", t.stealsSucceeded());
        m.put("stealFailures", new LinkedHashMap<>(t.stealFailures()));
        m.put("refills", t.refills());
        m.put("postSpliceChanges", t.postSpliceChanges());
        m.put("pageCache", new LinkedHashMap<>(t.pageCache()));
        m.put("events", new LinkedHashMap<>(t.events()));
        return m;
    }

    /** Steady-state rates (timings): the intervals after the ramp-up, or the whole run without a timeline. */
    private static Map<String, Object> ratesMap(final RunReport r) {
        final Map<String, Object> m = new LinkedHashMap<>();
        final RunReport.Totals t = r.totals();
        m.put("steadyFrom", finite(r.steadyFrom()));
        m.put("syscallsPerSecond", finite(r.steadyRate(RunReport.Sample::syscalls, t.syscalls())));
        m.put("pagesByReferencePerSecond", finite(r.steadyRate(RunReport.Sample::pagesByReference,
            t.pagesByReference())));
        m.put("pagesCopiedPerSecond", finite(r.steadyRate(RunReport.Sample::pagesCopied, t.pagesCopied())));
        m.put("bytesByReferencePerSecond", finite(r.steadyRate(RunReport.Sample::bytesByReference,
            t.bytesByReference())));
        m.put("bytesCopiedPerSecond", finite(r.steadyRate(RunReport.Sample::bytesCopied, t.bytesCopied())));
        return m;
    }

    private static Map<String, Object> sampleMap(final RunReport.Sample s) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("t", finite(s.t()));
        m.put("syscalls", s.syscalls());
        m.put("bytesByReference", s.bytesByReference());
        m.put("bytesCopied", s.bytesCopied());
        m.put("pagesByReference", s.pagesByReference());
        m.put("pagesCopied", s.pagesCopied());
        return m;
    }

    private static Map<String, Object> latencyMap(final RunReport.Latency l) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", l.count());
        m.put("p50", finite(l.p50()));
        m.put("p99", finite(l.p99()));
        m.put("p999", finite(l.p999()));
        m.put("max", finite(l.max()));
        return m;
    }

    private static Map<String, Object> accountingMap(final RunReport.Accounting a) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("bytesIn", a.bytesIn());
        m.put("bytesDelivered", a.bytesDelivered());
        m.put("discarded", new LinkedHashMap<>(a.discarded()));
        m.put("bytesDiscarded", SummaryTable.discarded(a));
        m.put("balanced", a.balanced());
        return m;
    }

    private static Map<String, Object> assertionMap(final RunReport.AssertionResult a) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.name());
        m.put("expected", a.expected());
        m.put("actual", a.actual());
        m.put("ok", a.ok());
        return m;
    }

    private static Double finite(final double v) {
        return Double.isFinite(v) ? v : null;
    }

    // ---- report.html: one run ----

    static String html(final RunReport r) {
        return html(r, null);
    }

    static String html(final RunReport r, final KernelProfile profile) {
        final StringBuilder sb = new StringBuilder();
        head(sb, "splicelab · " + r.scenario() + " · " + r.model() + " · " + (r.passed() ? "PASSED" : "FAILED"));
        sb.append("<header>\n<p class=\"eyebrow\">splicelab load run</p>\n<h1>").append(escape(r.scenario()))
            .append(' ').append(badge(r.passed())).append("</h1>\n");
        description(sb, r.description());
        sb.append("<dl class=\"meta\">");
        meta(sb, "model", r.model());
        meta(sb, "seed", Long.toString(r.seed()));
        meta(sb, "duration", SummaryTable.seconds(r.seconds()));
        meta(sb, "cores", Integer.toString(r.cores()));
        meta(sb, "syscalls", count(r.totals().syscalls()));
        meta(sb, "samples", count(r.timeline().size()));
        sb.append("</dl>\n");
        if (!r.passed()) {
            sb.append("<p class=\"verdict-detail\">").append(escape(SummaryTable.verdict(r))).append("</p>\n");
        }
        sb.append("</header>\n");
        keyFigures(sb, r);
        costSection(sb, List.of(r), profile);
        charts(sb, List.of(r), false);
        sb.append("<div class=\"grid2\">\n<section>\n<h2>Totals</h2>\n").append(totalsTable(r))
            .append("</section>\n<section>\n<h2>Latency</h2>\n").append(latencyTable(r))
            .append("</section>\n</div>\n<div class=\"grid2\">\n<section>\n<h2>Violations and leaks</h2>\n")
            .append(violationsTable(r)).append("</section>\n<section>\n<h2>Byte accounting</h2>\n")
            .append(accountingTable(r.accounting())).append("</section>\n</div>\n<section>\n<h2>Assertions</h2>\n")
            .append(assertionsTable(r)).append("</section>\n");
        foot(sb);
        return sb.toString();
    }

    /**
     * Compare: each loop element's calls and failures by errno, per model (what the "errors" rows are
     * made of), a loop element that failed every time it ran in red; nothing when no call failed.
     */
    private static void errorsSection(final StringBuilder sb, final List<RunReport> runs) {
        final Set<String> sources = new LinkedHashSet<>();
        runs.forEach(r -> r.operations().stream().filter(o -> o.failures() > 0)
            .forEach(o -> sources.add(o.source())));
        if (sources.isEmpty()) {
            return;
        }
        sb.append("<section>\n<h2>Errors by loop element</h2>\n<table class=\"compare\">\n<thead><tr>")
            .append("<th scope=\"col\">loop element</th>");
        runs.forEach(r -> sb.append("<th scope=\"col\" class=\"num\">").append(escape(r.model())).append("</th>"));
        sb.append("</tr></thead>\n<tbody>\n");
        for (final String source : sources) {
            sb.append("<tr><th scope=\"row\"><code>").append(escape(source)).append("</code></th>");
            for (final RunReport r : runs) {
                final RunReport.OpResult o = r.operations().stream().filter(x -> x.source().equals(source))
                    .findFirst().orElse(null);
                sb.append(o == null ? "<td class=\"num muted\">-</td>" : "<td class=\"num" + (o.failsEveryTime()
                    ? " bad" : "") + "\">" + escape(count(o.calls()) + " calls" + (o.failures() == 0 ? ", none failed"
                    : ": " + SummaryTable.errnoList(o.errnos())) + (o.failsEveryTime() ? " (every one)" : ""))
                    + "</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody>\n</table>\n</section>\n");
    }

    /** The kernel cost estimate, labelled as one (nothing without a profile). */
    private static void costSection(final StringBuilder sb, final List<RunReport> runs, final KernelProfile p) {
        if (p == null) {
            return;
        }
        sb.append("<section>\n<h2>Kernel cost estimate</h2>\n<p class=\"note\">").append(escape(
            KernelCost.title(runs, p).replace("\n", " ").replaceAll(" +", " "))).append("</p>\n");
        sb.append("<table class=\"compare\">\n<thead><tr><th scope=\"col\">estimate</th>");
        runs.forEach(r -> sb.append("<th scope=\"col\" class=\"num\">").append(escape(r.model())).append("</th>"));
        sb.append("</tr></thead>\n<tbody>\n");
        for (final String[] row : KernelCost.rows(runs, p)) {
            if (row.length == 1) {
                sb.append("<tr class=\"section\"><th colspan=\"").append(runs.size() + 1)
                    .append("\" scope=\"rowgroup\">").append(escape(row[0])).append("</th></tr>\n");
                continue;
            }
            sb.append("<tr><th scope=\"row\" class=\"indent-").append(row[0].startsWith("  ") ? 1 : 0).append("\">")
                .append(escape(row[0].trim())).append("</th>");
            for (int i = 1; i < row.length; i++) {
                sb.append("<td class=\"num\">").append(escape(row[i])).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
        final String ranking = KernelCost.ranking(runs, p);
        sb.append("<p class=\"note\">").append(escape((ranking != null ? ranking + ". " : "") + KernelCost.NOTE))
            .append("</p>\n</section>\n");
    }

    private static void keyFigures(final StringBuilder sb, final RunReport r) {
        final RunReport.Totals t = r.totals();
        final long violations = SummaryTable.violationCount(r);
        sb.append("<section class=\"kpis\" aria-label=\"key figures\">\n");
        kpi(sb, "", rate(r.steadyRate(RunReport.Sample::syscalls, t.syscalls())), "/s", "syscalls (steady)");
        kpi(sb, "", rate(r.steadyRate(RunReport.Sample::pagesByReference, t.pagesByReference())), "/s",
            "pages by reference (steady)");
        kpi(sb, "", rate(r.steadyRate(RunReport.Sample::pagesCopied, t.pagesCopied())), "/s", "pages copied (steady)");
        kpi(sb, "", percent(t.copyRatio()).replace(" %", ""), "%", "of bytes copied");
        kpi(sb, "", count(t.stealsSucceeded()), "/ " + count(t.stealsTried()), "steals ok / tried");
        kpi(sb, "", count(t.refills()), "", "page-cache refills");
        kpi(sb, violations > 0 ? "bad" : "good", count(violations), "", "violations");
        kpi(sb, r.leakedPages() > 0 ? "bad" : "good", count(r.leakedPages()), "", "leaked pages");
        sb.append("</section>\n");
    }

    private static void kpi(final StringBuilder sb, final String tone, final String value, final String unit,
                            final String label) {
        sb.append("<div class=\"kpi ").append(tone).append("\"><div class=\"value\">").append(escape(value));
        if (!unit.isEmpty()) {
            sb.append("<span class=\"unit\">").append(escape(unit)).append("</span>");
        }
        sb.append("</div><div class=\"label\">").append(escape(label)).append("</div></div>\n");
    }

    private static String totalsTable(final RunReport r) {
        final RunReport.Totals t = r.totals();
        final double s = r.seconds();
        final List<String> rows = new ArrayList<>();
        rows.add(Html.cells("syscalls", count(t.syscalls()), rate(perSecond(t.syscalls(), s))));
        rows.add(Html.cells("errors (errno, EAGAIN included)", count(t.errors()), rate(perSecond(t.errors(), s))));
        r.errorsByOperation().forEach((op, errnos) -> errnos.forEach((errno, n) -> rows.add(Html.cells(
            "errors: " + op + " " + errno, count(n), rate(perSecond(n, s))))));
        rows.add(Html.cells("pages by reference", count(t.pagesByReference()),
            rate(perSecond(t.pagesByReference(), s))));
        rows.add(Html.cells("pages copied", count(t.pagesCopied()), rate(perSecond(t.pagesCopied(), s))));
        rows.add(Html.cells("bytes by reference", bytes(t.bytesByReference()),
            bytes(perSecond(t.bytesByReference(), s)) + "/s"));
        rows.add(Html.cells("bytes copied", bytes(t.bytesCopied()), bytes(perSecond(t.bytesCopied(), s)) + "/s"));
        rows.add(Html.cells("copy ratio (bytes)", percent(t.copyRatio()), ""));
        rows.add(Html.cells("steals tried", count(t.stealsTried()), rate(perSecond(t.stealsTried(), s))));
        rows.add(Html.cells("steals succeeded", count(t.stealsSucceeded()), rate(perSecond(t.stealsSucceeded(), s))));
        t.stealFailures().forEach((reason, n) -> rows.add(Html.cells("steal failed: " + reason, count(n),
            rate(perSecond(n, s)))));
        rows.add(Html.cells("page-cache refills", count(t.refills()), rate(perSecond(t.refills(), s))));
        rows.add(Html.cells("post-splice changes seen", count(t.postSpliceChanges()),
            rate(perSecond(t.postSpliceChanges(), s))));
        t.pageCache().forEach((figure, n) -> rows.add(Html.cells("page cache: " + figure, count(n),
            rate(perSecond(n, s)))));
        final StringBuilder warnings = new StringBuilder();
        for (final RunReport.OpResult o : r.failingEveryTime()) {
            warnings.append("<p class=\"note\">warning: ").append(escape(o.source())).append(" failed every time it ran ("
                + count(o.calls()) + " calls: " + escape(SummaryTable.errnoList(o.errnos())) + ")</p>\n");
        }
        return Html.table("totals", List.of("figure", "total", "per second"), 1, rows) + warnings;
    }

    private static String latencyTable(final RunReport r) {
        if (r.latencies().isEmpty()) {
            return "<p class=\"note\">No latency samples were recorded.</p>\n";
        }
        final List<String> rows = new ArrayList<>();
        r.latencies().forEach((kind, l) -> rows.add(Html.cells(kind, count(l.count()), micros(l.p50()),
            micros(l.p99()), micros(l.p999()), micros(l.max()))));
        return Html.table("latency", List.of("syscall", "count", "p50 µs", "p99 µs", "p999 µs", "max µs"), 1, rows)
            + "<p class=\"note\">Microseconds, from HdrHistogram.</p>\n";
    }

    private static String violationsTable(final RunReport r) {
        final List<String> rows = new ArrayList<>();
        r.violations().forEach((name, n) -> rows.add(tallyRow(name, n)));
        rows.add(tallyRow("leaked pages", r.leakedPages()));
        final long total = SummaryTable.violationCount(r);
        final String note = total == 0 && r.leakedPages() == 0
            ? "<p class=\"note\"><span class=\"good\">No violation, no leak.</span></p>\n"
            : "<p class=\"note\"><span class=\"bad\">" + escape(count(total) + " violations, " + count(r.leakedPages())
                + " leaked pages.") + "</span></p>\n";
        return Html.table("violations", List.of("check", "count"), 1, rows) + note;
    }

    private static String tallyRow(final String name, final long n) {
        return "<th scope=\"row\">" + escape(name) + "</th><td class=\"num " + (n == 0 ? "muted" : "bad") + "\">"
            + escape(count(n)) + "</td>";
    }

    private static String accountingTable(final RunReport.Accounting a) {
        final List<String> rows = new ArrayList<>();
        rows.add(Html.cells("bytes in", count(a.bytesIn()), bytes(a.bytesIn())));
        rows.add(Html.cells("delivered", count(a.bytesDelivered()), bytes(a.bytesDelivered())));
        a.discarded().forEach((cause, n) -> rows.add(Html.cells("discarded: " + cause, count(n), bytes(n))));
        rows.add(Html.cells("discarded, all causes", count(SummaryTable.discarded(a)),
            bytes(SummaryTable.discarded(a))));
        rows.add("<th scope=\"row\">in = delivered + discarded</th><td class=\"num " + (a.balanced() ? "good" : "bad")
            + "\" colspan=\"2\">" + (a.balanced() ? "balanced" : "UNBALANCED") + "</td>");
        return Html.table("accounting", List.of("bytes", "exact", "size"), 1, rows);
    }

    private static String assertionsTable(final RunReport r) {
        if (r.assertions().isEmpty()) {
            return "<p class=\"note\">The scenario states no assertions.</p>\n";
        }
        final List<String> rows = new ArrayList<>();
        for (final RunReport.AssertionResult a : r.assertions()) {
            rows.add("<td class=\"" + (a.ok() ? "good" : "bad") + "\">" + (a.ok() ? "ok" : "FAILED") + "</td>"
                + "<th scope=\"row\"><code>" + escape(a.name()) + "</code></th><td><code>" + escape(a.expected())
                + "</code></td><td class=\"num\">" + escape(a.actual()) + "</td>");
        }
        return Html.table("assertions", List.of("result", "criterion", "expected", "actual"), 3, rows);
    }

    // ---- report.html: models side by side ----

    static String compareHtml(final List<RunReport> runs) {
        return compareHtml(runs, null);
    }

    static String compareHtml(final List<RunReport> runs, final KernelProfile profile) {
        SummaryTable.requireComparable(runs);
        final RunReport first = runs.get(0);
        final boolean passed = runs.stream().allMatch(RunReport::passed);
        final StringBuilder sb = new StringBuilder();
        head(sb, "splicelab compare · " + first.scenario() + " · " + String.join(", ",
            runs.stream().map(RunReport::model).toList()));
        sb.append("<header>\n<p class=\"eyebrow\">splicelab comparison · same scenario and seed under each model")
            .append("</p>\n<h1>").append(escape(first.scenario())).append(' ').append(badge(passed)).append("</h1>\n");
        description(sb, first.description());
        sb.append("<dl class=\"meta\">");
        meta(sb, "seed", Long.toString(first.seed()));
        meta(sb, "cores", Integer.toString(first.cores()));
        for (final RunReport r : runs) {
            sb.append("<div><dt>model</dt><dd>").append(escape(r.model())).append(' ').append(badge(r.passed()))
                .append("</dd></div>");
        }
        sb.append("</dl>\n</header>\n<section>\n<h2>Side by side</h2>\n").append(compareTable(runs))
            .append("</section>\n");
        costSection(sb, runs, profile);
        errorsSection(sb, runs);
        charts(sb, runs, true);
        foot(sb);
        return sb.toString();
    }

    private static String compareTable(final List<RunReport> runs) {
        final StringBuilder sb = new StringBuilder("<table class=\"compare\">\n<thead><tr>")
            .append("<th scope=\"col\">figure</th>");
        runs.forEach(r -> sb.append("<th scope=\"col\" class=\"num\">").append(escape(r.model())).append("</th>"));
        sb.append("</tr></thead>\n<tbody>\n");
        for (final SummaryTable.Row row : SummaryTable.rows(runs, true)) {
            if (row.heading()) {
                sb.append("<tr class=\"section\"><th colspan=\"").append(runs.size() + 1)
                    .append("\" scope=\"rowgroup\">").append(escape(row.label())).append("</th></tr>\n");
                continue;
            }
            sb.append("<tr><th scope=\"row\" class=\"indent-").append(row.indent()).append("\">")
                .append(escape(row.label())).append("</th>");
            for (final SummaryTable.Cell c : row.cells()) {
                sb.append("<td class=\"num").append(c.tone() == SummaryTable.Tone.PLAIN ? ""
                    : " " + c.tone().name().toLowerCase(Locale.ROOT)).append("\">").append(escape(c.text()))
                    .append("</td>");
            }
            sb.append("</tr>\n");
        }
        return sb.append("</tbody>\n</table>\n").toString();
    }

    // ---- charts, shared by both pages ----

    private static void charts(final StringBuilder sb, final List<RunReport> runs, final boolean compare) {
        sb.append("<section>\n<h2>Throughput over time</h2>\n");
        figure(sb, "From each run's steady state (its ramp-up is not drawn). "
            + "Syscalls and pages moved per second, per sampling interval"
            + (compare ? "; one colour per model, pages/s dashed." : "."), throughputChart(runs, compare));
        sb.append("</section>\n<section>\n<h2>Bytes by reference vs copied</h2>\n");
        figure(sb, "Bytes per second entering pipes and sockets, per sampling interval"
            + (compare ? "; one colour per model, copied dashed." : "."), bytesChart(runs, compare));
        figure(sb, "Whole-run totals, on one scale.", bytesTotalsChart(runs));
        sb.append("</section>\n<section>\n<h2>Latency percentiles per syscall kind</h2>\n");
        figure(sb, "Microseconds on a log scale" + (compare ? "; one panel per percentile, one colour per model."
            : "; p50, p99 and p999 side by side."), latencyChart(runs, compare));
        sb.append("</section>\n");
    }

    private static void figure(final StringBuilder sb, final String caption, final String chart) {
        sb.append("<figure class=\"chart-figure\">\n<figcaption>").append(escape(caption)).append("</figcaption>\n")
            .append(chart).append("</figure>\n");
    }

    private static String throughputChart(final List<RunReport> runs, final boolean compare) {
        final List<Html.Line> lines = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            final RunReport r = runs.get(i);
            final String prefix = compare ? r.model() + " · " : "";
            lines.add(rateLine(prefix + "syscalls/s", color(i, 0, compare), false, false, r.steadySamples(),
                RunReport.Sample::syscalls, r));
            lines.add(rateLine(prefix + (compare ? "pages/s" : "pages/s (by reference + copied)"),
                color(i, 1, compare), compare, false, r.steadySamples(), s -> s.pagesByReference() + s.pagesCopied(), r));
        }
        return hasPoints(lines) ? Html.lineChart("chart-throughput", "Throughput over time", "time (s)",
            "per second", Html.Quantity.COUNT, lines)
            : Html.noData("chart-throughput", "Throughput over time", "The run recorded no timeline samples.");
    }

    private static String bytesChart(final List<RunReport> runs, final boolean compare) {
        final List<Html.Line> lines = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            final RunReport r = runs.get(i);
            final String prefix = compare ? r.model() + " · " : "";
            lines.add(rateLine(prefix + "by reference", compare ? color(i, 0, true) : Html.BY_REFERENCE_COLOR, false,
                !compare, r.steadySamples(), RunReport.Sample::bytesByReference, r));
            lines.add(rateLine(prefix + "copied", compare ? color(i, 0, true) : Html.COPIED_COLOR, compare, !compare,
                r.steadySamples(), RunReport.Sample::bytesCopied, r));
        }
        return hasPoints(lines) ? Html.lineChart("chart-bytes", "Bytes by reference vs copied over time", "time (s)",
            "bytes per second", Html.Quantity.BYTES, lines)
            : Html.noData("chart-bytes", "Bytes over time", "The run recorded no timeline samples.");
    }

    private static String bytesTotalsChart(final List<RunReport> runs) {
        final List<Html.ShareRow> rows = runs.stream().map(r -> new Html.ShareRow(r.model(),
            r.totals().bytesByReference(), r.totals().bytesCopied())).toList();
        return rows.stream().anyMatch(s -> s.byReference() + s.copied() > 0)
            ? Html.shareChart("chart-bytes-totals", "Bytes moved in the whole run: by reference and copied", rows)
            : Html.noData("chart-bytes-totals", "Bytes moved", "No bytes entered a pipe or socket.");
    }

    private static String latencyChart(final List<RunReport> runs, final boolean compare) {
        final Set<String> kinds = new LinkedHashSet<>();
        runs.forEach(r -> kinds.addAll(r.latencies().keySet()));
        final List<String> groups = List.copyOf(kinds);
        final List<Html.Key> series = new ArrayList<>();
        final List<Html.BarPanel> panels = new ArrayList<>();
        if (compare) {
            for (int i = 0; i < runs.size(); i++) {
                series.add(new Html.Key(runs.get(i).model(), color(i, 0, true), false, true));
            }
            for (int p = 0; p < PERCENTILES.size(); p++) {
                panels.add(new Html.BarPanel(PERCENTILES.get(p), groups, latencyValues(runs, groups, p)));
            }
        } else {
            for (int p = 0; p < PERCENTILES.size(); p++) {
                series.add(new Html.Key(PERCENTILES.get(p), Html.PERCENTILE_COLORS.get(p), false, true));
            }
            panels.add(new Html.BarPanel("", groups, latencyValues(runs.get(0), groups)));
        }
        final boolean any = panels.stream().flatMap(p -> Arrays.stream(p.values()))
            .flatMapToDouble(Arrays::stream).anyMatch(v -> v > 0 && Double.isFinite(v));
        return any ? Html.logBarChart("chart-latency", "Latency percentiles per syscall kind", "syscall kind",
            "latency (µs, log scale)", "µs", series, panels)
            : Html.noData("chart-latency", "Latency", "No latency samples were recorded.");
    }

    /** One run: values[kind][percentile]. */
    private static double[][] latencyValues(final RunReport r, final List<String> kinds) {
        final double[][] v = new double[kinds.size()][];
        for (int g = 0; g < kinds.size(); g++) {
            final RunReport.Latency l = r.latencies().get(kinds.get(g));
            v[g] = new double[] {l.p50(), l.p99(), l.p999()};
        }
        return v;
    }

    /** Several runs, one percentile: values[kind][run]; a kind a run lacks is 0 (not drawn). */
    private static double[][] latencyValues(final List<RunReport> runs, final List<String> kinds, final int p) {
        final double[][] v = new double[kinds.size()][runs.size()];
        for (int g = 0; g < kinds.size(); g++) {
            for (int i = 0; i < runs.size(); i++) {
                final RunReport.Latency l = runs.get(i).latencies().get(kinds.get(g));
                v[g][i] = l == null ? 0 : p == 0 ? l.p50() : p == 1 ? l.p99() : l.p999();
            }
        }
        return v;
    }

    /**
     * Per-second rates of a run's steady samples ({@link RunReport#steadySamples()}): each sample's count
     * over its interval's length, an interval starting where the previous sample of the whole timeline ended.
     */
    static Html.Line rateLine(final String name, final String color, final boolean dashed, final boolean filled,
                              final List<RunReport.Sample> steady, final ToLongFunction<RunReport.Sample> f,
                              final RunReport r) {
        final double[] x = new double[steady.size()];
        final double[] y = new double[steady.size()];
        int n = 0;
        double previous = 0;
        int next = 0;
        for (final RunReport.Sample s : r.timeline()) {
            if (next < steady.size() && s == steady.get(next)) {
                x[n] = s.t();
                y[n++] = f.applyAsLong(s) / (s.t() - previous);
                next++;
            }
            previous = Math.max(previous, s.t());
        }
        return new Html.Line(name, color, dashed, filled, Arrays.copyOf(x, n), Arrays.copyOf(y, n));
    }

    private static boolean hasPoints(final List<Html.Line> lines) {
        return lines.stream().anyMatch(l -> l.x().length > 0);
    }

    /** Compare: one colour per model. One run: one colour per series. */
    private static String color(final int run, final int series, final boolean compare) {
        final int i = compare ? run : series;
        return Html.PALETTE.get(i % Html.PALETTE.size());
    }

    // ---- page furniture ----

    private static void head(final StringBuilder sb, final String title) {
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .append("<meta name=\"generator\" content=\"splicelab\">\n<title>").append(escape(title))
            .append("</title>\n<style>\n").append(CssHolder.CSS).append("</style>\n</head>\n<body>\n<main>\n");
    }

    private static void foot(final StringBuilder sb) {
        sb.append("<footer>Generated by splicelab. Every figure is also in <code>").append(JSON_FILE)
            .append("</code> beside this page. Rates are per second of measured time; byte sizes in binary units ")
            .append("(1 KiB = 1,024 bytes); latencies in microseconds from HdrHistogram.</footer>\n")
            .append("</main>\n</body>\n</html>\n");
    }

    private static void description(final StringBuilder sb, final String description) {
        if (description != null && !description.isBlank()) {
            sb.append("<p class=\"description\">").append(escape(description.strip())).append("</p>\n");
        }
    }

    private static void meta(final StringBuilder sb, final String name, final String value) {
        sb.append("<div><dt>").append(escape(name)).append("</dt><dd>").append(escape(value)).append("</dd></div>");
    }

    private static String badge(final boolean passed) {
        return passed ? "<span class=\"verdict passed\">PASSED</span>" : "<span class=\"verdict failed\">FAILED</span>";
    }

    private static void writeString(final Path file, final String text) throws IOException {
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** The stylesheet, read once from the classpath. */
    private static final class CssHolder {
        static final String CSS = load();

        private static String load() {
            try (InputStream in = ReportWriter.class.getResourceAsStream("report.css")) {
                if (in == null) {
                    throw new IllegalStateException("resource=org/splicelab/report/report.css missing from classpath");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
