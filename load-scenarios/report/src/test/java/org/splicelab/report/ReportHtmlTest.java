package org.splicelab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ReportHtmlTest {
    @Test
    void shouldBeOneSelfContainedPage() {
        for (final String html : List.of(ReportWriter.html(SampleReports.linux()),
            ReportWriter.compareHtml(SampleReports.threeModels()))) {
            assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">"));
            assertTrue(html.contains("<meta charset=\"utf-8\">"));
            assertTrue(html.contains("<style>") && html.contains("font-family"), "inline CSS");
            for (final String outside : List.of("<script", "<link", "src=", "href=", "http:", "https:", "@import",
                "url(", "@font-face")) {
                assertFalse(html.contains(outside), "nothing fetched from outside: " + outside);
            }
            assertTrue(html.endsWith("</html>\n"));
        }
    }

    @Test
    void shouldShowTheHeaderTablesAndVerdict() {
        final String html = ReportWriter.html(SampleReports.fixed());
        assertTrue(html.contains("<h1>fixed <span class=\"verdict passed\">PASSED</span></h1>"), html);
        assertTrue(html.contains("<p class=\"description\">Round numbers.</p>"));
        for (final String meta : List.of("<dt>model</dt><dd>private-pages</dd>", "<dt>seed</dt><dd>9</dd>",
            "<dt>duration</dt><dd>2.00 s</dd>", "<dt>cores</dt><dd>2</dd>")) {
            assertTrue(html.contains(meta), meta);
        }
        assertTrue(html.contains("<th scope=\"row\">syscalls</th><td class=\"num\">2,000,000</td>"
            + "<td class=\"num\">1,000,000</td>"), "totals with thousands separators");
        assertTrue(html.contains("<th scope=\"row\">steal failed: shared</th><td class=\"num\">60</td>"));
        assertTrue(html.contains("<th scope=\"row\">sendfile</th><td class=\"num\">1,500,000</td>"
            + "<td class=\"num\">12.3</td><td class=\"num\">45.6</td><td class=\"num\">789.0</td>"));
        assertTrue(html.contains("<th scope=\"row\">discarded: socket-reset</th><td class=\"num\">8,192</td>"));
        assertTrue(html.contains("<td class=\"good\">ok</td><th scope=\"row\"><code>max-violations</code></th>"));
        assertTrue(html.contains("No violation, no leak."));
    }

    @Test
    void shouldExplainTheErrorsAndFlagAnElementThatAlwaysFails() {
        final String html = ReportWriter.html(SampleReports.withErrors());
        assertTrue(html.contains("errors: read EAGAIN") && html.contains("errors: splice EAGAIN"), html);
        assertTrue(html.contains("warning: web.conf:12 read failed every time it ran (1,000 calls: EAGAIN 1,000)"),
            html);
    }

    @Test
    void shouldMarkFailuresInRed() {
        final String html = ReportWriter.html(SampleReports.failing());
        assertTrue(html.contains("<span class=\"verdict failed\">FAILED</span>"));
        assertTrue(html.contains("FAILED (1 assertion failed, 3 violations, 2 leaked pages)"));
        assertTrue(html.contains("<th scope=\"row\">use-after-free</th><td class=\"num bad\">3</td>"));
        assertTrue(html.contains("<th scope=\"row\">leaked pages</th><td class=\"num bad\">2</td>"));
        assertTrue(html.contains("<td class=\"bad\">FAILED</td>"));
        assertTrue(html.contains("UNBALANCED"));
        assertTrue(html.contains("<div class=\"kpi bad\"><div class=\"value\">3</div>"));
    }

    @Test
    void shouldDrawEachChartWithAxesLegendAndTitledSeries() throws Exception {
        final String html = ReportWriter.html(SampleReports.linux());
        final Map<String, List<String>> series = Map.of(
            "chart-throughput", List.of("syscalls/s", "pages/s (by reference + copied)"),
            "chart-bytes", List.of("by reference", "copied"),
            "chart-bytes-totals", List.of("by reference", "copied"),
            "chart-latency", List.of("p50", "p99", "p999"));
        for (final String id : ReportWriter.CHART_IDS) {
            final Element svg = svg(html, id);
            assertEquals(id + "-title", svg.getAttribute("aria-labelledby"));
            assertFalse(firstChild(svg, "title").getTextContent().isBlank(), id);
            assertEquals(series.get(id), seriesTitles(svg), id);
            assertFalse(groups(svg, "legend").isEmpty(), id + " legend");
            if (!id.equals("chart-bytes-totals")) {
                assertTrue(texts(svg, "tick").size() >= 4, id + " tick values");
                assertEquals(2, texts(svg, "axis-title").size(), id + " axis titles");
            }
        }
        assertTrue(texts(svg(html, "chart-throughput"), "tick").contains("200,000"), "ticks use separators");
        assertTrue(texts(svg(html, "chart-bytes"), "axis-title").contains("bytes per second"));
        assertTrue(texts(svg(html, "chart-latency"), "axis-title").contains("latency (µs, log scale)"));
        assertTrue(texts(svg(html, "chart-latency"), "tick").containsAll(List.of("1", "10", "100", "1,000")));
    }

    /** A run of nothing but this timeline, its first {@code steadyFrom} seconds ramp-up. */
    private static RunReport timeline(final double steadyFrom, final RunReport.Sample... samples) {
        final RunReport f = SampleReports.fixed();
        return new RunReport(f.scenario(), f.description(), f.model(), f.seed(), f.seconds(), f.cores(), f.totals(),
            List.of(samples), f.latencies(), f.violations(), 0, f.accounting(), f.assertions(), true, Map.of(),
            List.of(), null, steadyFrom);
    }

    private static Html.Line syscallLine(final RunReport r) {
        return ReportWriter.rateLine("x", "#000", false, false, r.steadySamples(), RunReport.Sample::syscalls, r);
    }

    @Test
    void shouldPlotRatesPerIntervalNotCounts() {
        final Html.Line line = syscallLine(timeline(0,
            new RunReport.Sample(0.5, 100, 0, 0, 0, 0), new RunReport.Sample(1.5, 300, 0, 0, 0, 0),
            new RunReport.Sample(1.5, 999, 0, 0, 0, 0)));
        assertEquals(List.of(0.5, 1.5), List.of(line.x()[0], line.x()[1]));
        assertEquals(List.of(200.0, 300.0), List.of(line.y()[0], line.y()[1]));
        assertEquals(2, line.x().length, "an interval of zero length is skipped");
    }

    @Test
    void shouldLeaveOutALastIntervalShorterThanHalfTheUsualOneInsteadOfDrawingASpike() {
        final Html.Line cut = syscallLine(timeline(0,
            new RunReport.Sample(0.25, 100, 0, 0, 0, 0), new RunReport.Sample(0.5, 100, 0, 0, 0, 0),
            new RunReport.Sample(0.75, 100, 0, 0, 0, 0), new RunReport.Sample(0.76, 50, 0, 0, 0, 0)));
        assertEquals(List.of(400.0, 400.0, 400.0), Arrays.stream(cut.y()).boxed().toList(),
            "the 10 ms tail (5,000/s) is not drawn");
        final Html.Line kept = syscallLine(timeline(0,
            new RunReport.Sample(0.25, 100, 0, 0, 0, 0), new RunReport.Sample(0.5, 100, 0, 0, 0, 0),
            new RunReport.Sample(0.75, 100, 0, 0, 0, 0), new RunReport.Sample(0.9, 30, 0, 0, 0, 0)));
        assertEquals(4, kept.x().length, "a last interval of 150 ms of 250 is drawn");
    }

    @Test
    void shouldStartTheTimelineAndTheRatesAtSteadyStateAfterTheRampUp() {
        final RunReport r = timeline(0.6,
            new RunReport.Sample(0.5, 500, 0, 0, 0, 0), new RunReport.Sample(1.0, 40_000, 0, 0, 0, 0),
            new RunReport.Sample(1.5, 50_000, 0, 0, 0, 0), new RunReport.Sample(2.0, 50_000, 0, 0, 0, 0));
        final Html.Line line = syscallLine(r);
        assertEquals(List.of(1.5, 2.0), Arrays.stream(line.x()).boxed().toList(),
            "intervals starting before 0.6 s (0-0.5, 0.5-1.0) are ramp-up and not drawn");
        assertEquals(List.of(100_000.0, 100_000.0), Arrays.stream(line.y()).boxed().toList());
        assertEquals(1.0, r.steadySeconds(), 1e-9);
        assertEquals(100_000.0, r.steadyRate(RunReport.Sample::syscalls, 140_500), 1e-6,
            "100,000 calls in the steady second, not 140,500 over 2 s");
    }

    @Test
    void shouldShowTheEstimateAndTheErrnoBreakdownOnTheComparePageWithCellsThatWrap() {
        final RunReport errors = SampleReports.withErrors();
        final String html = ReportWriter.compareHtml(List.of(errors, SampleReports.asModel(errors, "linux")),
            KernelCostTest.profile());
        assertTrue(html.contains("<h2>Kernel cost estimate</h2>"), html);
        assertTrue(html.contains("Kernel cost ESTIMATE per GiB moved (not a measurement"), html);
        assertTrue(html.contains("<th scope=\"row\" class=\"indent-1\">steal @ 1,000 ns</th>"), html);
        assertTrue(html.contains("<h2>Errors by loop element</h2>"), html);
        assertTrue(html.contains("<td class=\"num bad\">1,000 calls: EAGAIN 1,000 (every one)</td>"), html);
        assertTrue(html.contains("<td class=\"num\">500 calls: EAGAIN 30, EPIPE 4</td>")
            || html.contains("<td class=\"num\">500 calls: EPIPE 4, EAGAIN 30</td>"), html);
        assertTrue(html.contains("table.compare td.num { white-space: normal; }"),
            "a long cell (bytes-balanced's sum) wraps inside its column instead of running over the next");
        assertFalse(ReportWriter.compareHtml(List.of(errors)).contains("Kernel cost estimate"), "none without a profile");
    }

    @Test
    void shouldSayNoDataInsteadOfDrawingAnEmptyChart() {
        final String html = ReportWriter.html(SampleReports.empty());
        assertFalse(html.contains("<svg"), "no chart without data");
        for (final String id : ReportWriter.CHART_IDS) {
            assertTrue(Pattern.compile("<div class=\"no-data\" id=\"" + id + "\" role=\"note\"><strong>[^<]+: no data."
                + "</strong>").matcher(html).find(), id);
        }
        assertTrue(html.contains("No latency samples were recorded."));
        assertTrue(html.contains("The scenario states no assertions."));
    }

    @Test
    void shouldEscapeEveryText() throws Exception {
        final RunReport f = SampleReports.linux();
        final RunReport r = new RunReport("<b>scenario</b>", "<script>alert('x')</script> & \"q\"", "m<1>&",
            f.seed(), f.seconds(), f.cores(), f.totals(), f.timeline(), Map.of("<kind>", f.latencies().get("splice")),
            Map.of("<v>", 1L), 0, f.accounting(),
            List.of(new RunReport.AssertionResult("a<b", "<& 3", "\"4\"", false)), false);
        final String html = ReportWriter.html(r);
        assertFalse(html.contains("<script") || html.contains("<b>") || html.contains("<kind>")
            || html.contains("<v>") || html.contains("a<b") || html.contains("m<1>"), html);
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"));
        assertTrue(html.contains("<code>a&lt;b</code>"));
        for (final String id : ReportWriter.CHART_IDS) {
            svg(html, id);
        }
        final String compare = ReportWriter.compareHtml(List.of(r));
        assertTrue(compare.contains("<th scope=\"col\" class=\"num\">m&lt;1&gt;&amp;</th>"));
        assertEquals(List.of("m<1>&"), seriesTitles(svg(compare, "chart-latency")));
    }

    @Test
    void shouldPutModelsSideBySideOnTheComparePage() throws Exception {
        final String html = ReportWriter.compareHtml(SampleReports.threeModels());
        assertTrue(html.contains("<thead><tr><th scope=\"col\">figure</th><th scope=\"col\" class=\"num\">linux</th>"
            + "<th scope=\"col\" class=\"num\">private-pages</th><th scope=\"col\" class=\"num\">splice-is-read-write"
            + "</th></tr></thead>"), "one column per model");
        assertTrue(html.contains("<th scope=\"row\" class=\"indent-1\">copy ratio</th><td class=\"num\">2.00 %</td>"
            + "<td class=\"num\">35.00 %</td><td class=\"num\">100.00 %</td>"));
        assertTrue(html.contains("<tr class=\"section\"><th colspan=\"4\" scope=\"rowgroup\">steals (counts)</th></tr>"));
        assertEquals(List.of("linux · syscalls/s", "linux · pages/s", "private-pages · syscalls/s",
            "private-pages · pages/s", "splice-is-read-write · syscalls/s", "splice-is-read-write · pages/s"),
            seriesTitles(svg(html, "chart-throughput")));
        assertEquals(6, seriesTitles(svg(html, "chart-bytes")).size());
        final Element latency = svg(html, "chart-latency");
        assertEquals(List.of("linux", "private-pages", "splice-is-read-write"), seriesTitles(latency));
        assertEquals(List.of("p50", "p99", "p999"), texts(latency, "panel-title"));
        assertEquals(List.of("linux", "private-pages", "splice-is-read-write"),
            texts(svg(html, "chart-bytes-totals"), "label"));
        assertEquals(3, Pattern.compile("class=\"verdict passed\">PASSED</span></dd>").matcher(html).results().count());
    }

    @Test
    void shouldWriteBothFilesIntoTheReportDirectory(@TempDir final Path dir) throws Exception {
        ReportWriter.write(SampleReports.linux(), dir.resolve("out"));
        assertEquals(ReportWriter.html(SampleReports.linux()),
            Files.readString(dir.resolve("out").resolve(ReportWriter.HTML_FILE), StandardCharsets.UTF_8));
        assertTrue(Files.exists(dir.resolve("out").resolve(ReportWriter.JSON_FILE)));
        ReportWriter.writeHtml(SampleReports.fixed(), dir.resolve("single.html"));
        assertTrue(Files.readString(dir.resolve("single.html")).contains("<h1>fixed "));
    }

    /** The chart's {@code <svg>}, parsed as XML: proves it is well-formed. */
    static Element svg(final String html, final String id) throws Exception {
        final Matcher m = Pattern.compile("<svg id=\"" + Pattern.quote(id) + "\".*?</svg>", Pattern.DOTALL)
            .matcher(html);
        assertTrue(m.find(), "no <svg id=" + id + ">");
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(new ByteArrayInputStream(m.group().getBytes(StandardCharsets.UTF_8))).getDocumentElement();
    }

    private static List<String> seriesTitles(final Element svg) {
        final List<String> titles = new ArrayList<>();
        for (final Element g : groups(svg, "series")) {
            titles.add(firstChild(g, "title").getTextContent());
        }
        return titles;
    }

    private static List<Element> groups(final Element svg, final String cssClass) {
        final List<Element> out = new ArrayList<>();
        final NodeList all = svg.getElementsByTagName("g");
        for (int i = 0; i < all.getLength(); i++) {
            final Element g = (Element) all.item(i);
            if (g.getAttribute("class").equals(cssClass)) {
                out.add(g);
            }
        }
        return out;
    }

    private static List<String> texts(final Element svg, final String cssClass) {
        final List<String> out = new ArrayList<>();
        final NodeList all = svg.getElementsByTagName("text");
        for (int i = 0; i < all.getLength(); i++) {
            final Element t = (Element) all.item(i);
            if (t.getAttribute("class").equals(cssClass)) {
                out.add(t.getTextContent());
            }
        }
        return out;
    }

    private static Element firstChild(final Element parent, final String tag) {
        final NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element e && e.getTagName().equals(tag)) {
                return e;
            }
        }
        throw new AssertionError("no <" + tag + "> in <" + parent.getTagName() + ">");
    }
}
