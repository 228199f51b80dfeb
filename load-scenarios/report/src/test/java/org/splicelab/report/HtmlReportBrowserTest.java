package org.splicelab.report;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test of issue 5: headless Chromium opens report.html from disk, with no network, and
 * every chart's {@code <svg>} in the DOM it parsed holds a drawn series. Needs the Debian package
 * {@code chromium}, which {@code .ci/run} installs; without it this test fails, it does not skip.
 */
class HtmlReportBrowserTest {
    private static final long BROWSER_SECONDS = 90;
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?");

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void shouldRenderEveryChartOfARunAndAComparison(@TempDir final Path dir) throws Exception {
        final Path chromium = chromium();
        ReportWriter.write(SampleReports.linux(), dir.resolve("run"));
        ReportWriter.writeCompare(SampleReports.threeModels(), dir.resolve("compare"));
        for (final String page : List.of("run", "compare")) {
            final String dom = dumpDom(chromium, dir.resolve(page).resolve(ReportWriter.HTML_FILE), dir);
            assertTrue(dom.contains("class=\"verdict passed\">PASSED</span>"), page + ": the page body was parsed");
            for (final String id : ReportWriter.CHART_IDS) {
                assertChartDrawn(page, id, dom);
            }
        }
        final RunReport errors = SampleReports.withErrors();
        ReportWriter.writeCompare(List.of(errors, SampleReports.asModel(errors, "linux")), dir.resolve("costs"),
            KernelCostTest.profile());
        final String dom = dumpDom(chromium, dir.resolve("costs").resolve(ReportWriter.HTML_FILE), dir);
        assertTrue(dom.contains("<h2>Kernel cost estimate</h2>") && dom.contains("kernel time per GiB moved"),
            "the compare page shows the estimate block");
        assertTrue(dom.contains("<h2>Errors by loop element</h2>") && dom.contains("<code>web.conf:12 read</code>")
            && dom.contains("1,000 calls: EAGAIN 1,000 (every one)"), "the compare page shows the errno breakdown");
    }

    /** A series group of the chart holds a path with two points or more, or a bar of positive size. */
    private static void assertChartDrawn(final String page, final String id, final String dom) {
        final Matcher svg = Pattern.compile("<svg\\b[^>]*\\bid=\"" + Pattern.quote(id) + "\"[^>]*>(.*?)</svg>",
            Pattern.DOTALL).matcher(dom);
        assertTrue(svg.find(), page + ": no <svg id=\"" + id + "\"> in the DOM Chromium built");
        final Matcher series = Pattern.compile("<g class=\"series\">(.*?)</g>", Pattern.DOTALL).matcher(svg.group(1));
        int drawn = 0;
        while (series.find()) {
            drawn += drawnShapes(series.group(1));
        }
        assertTrue(drawn > 0, page + ": chart " + id + " has no drawn path, polyline or rect:\n" + svg.group());
    }

    private static int drawnShapes(final String group) {
        int drawn = 0;
        final Matcher path = Pattern.compile("<(?:path|polyline)\\b[^>]*\\b(?:d|points)=\"([^\"]*)\"").matcher(group);
        while (path.find()) {
            drawn += numbers(path.group(1)).size() >= 4 ? 1 : 0;
        }
        final Matcher rect = Pattern.compile("<rect\\b[^>]*>").matcher(group);
        while (rect.find()) {
            drawn += attribute(rect.group(), "width") > 0 && attribute(rect.group(), "height") > 0 ? 1 : 0;
        }
        return drawn;
    }

    private static double attribute(final String tag, final String name) {
        final Matcher m = Pattern.compile("\\b" + name + "=\"([^\"]*)\"").matcher(tag);
        if (!m.find()) {
            return 0;
        }
        final List<Double> n = numbers(m.group(1));
        return n.size() == 1 ? n.get(0) : 0;
    }

    private static List<Double> numbers(final String text) {
        final List<Double> out = new ArrayList<>();
        final Matcher m = NUMBER.matcher(text);
        while (m.find()) {
            out.add(Double.parseDouble(m.group()));
        }
        return text.contains("NaN") || text.contains("Infinity") ? List.of() : out;
    }

    /** Loads the file in headless Chromium and returns the DOM it serializes after parsing and layout. */
    private static String dumpDom(final Path chromium, final Path html, final Path dir)
        throws IOException, InterruptedException {
        final Path profile = Files.createTempDirectory(dir, "chromium-profile");
        final Path out = dir.resolve("dom.html");
        final Path err = dir.resolve("chromium.err");
        final Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--user-data-dir=" + profile, "--dump-dom", html.toUri().toString())
            .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(BROWSER_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("chromium did not finish within " + BROWSER_SECONDS + " s; stderr:\n" + tail(err));
        }
        final String dom = Files.readString(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0 || dom.isBlank()) {
            fail("chromium exit=" + p.exitValue() + " domChars=" + dom.length() + "; stderr:\n" + tail(err));
        }
        return dom;
    }

    private static String tail(final Path file) throws IOException {
        final String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }

    /** {@code chromium} or {@code chromium-browser} on PATH; fails the test when neither is. */
    private static Path chromium() {
        final String path = System.getenv().getOrDefault("PATH", "");
        for (final String name : List.of("chromium", "chromium-browser")) {
            for (final String entry : path.split(File.pathSeparator)) {
                final Path candidate = Path.of(entry.isEmpty() ? "." : entry, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return fail("chromium not found on PATH (looked for chromium and chromium-browser): the HTML report test "
            + "needs a real browser. Run ./test.sh (the README test command), which installs it, or: apt-get install -y chromium");
    }
}
