package org.splicelab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SummaryTableTest {
    @Test
    void shouldShowRatesCopyRatioAndStealsByReason() {
        final String text = SummaryTable.render(SampleReports.fixed());
        assertRow(text, "syscalls/s", "1,000,000");
        assertRow(text, "pages/s by reference", "150,000");
        assertRow(text, "pages/s copied", "50,000");
        assertRow(text, "copy ratio", "25.00 %");
        assertRow(text, "tried", "1,000");
        assertRow(text, "ok", "900");
        assertRow(text, "failed", "100");
        assertRow(text, "failed: shared", "60");
        assertRow(text, "failed: dirty", "40");
        assertRow(text, "refills", "900");
        assertRow(text, "post-splice changes", "3");
    }

    @Test
    void shouldShowLatencyPercentilesPerKindInMicroseconds() {
        final String text = SummaryTable.render(SampleReports.fixed());
        assertTrue(text.contains("latency p50 / p99 / p999 (µs, steady state)"), text);
        assertRow(text, "sendfile", "12.3 / 45.6 / 789.0");
        assertRow(text, "tee", "0.75 / 3.50 / 12,345");
    }

    @Test
    void shouldSayNoneForViolationsAndEndPassed() {
        final String text = SummaryTable.render(SampleReports.fixed());
        assertRow(text, "violations", "none");
        assertRow(text, "leaked pages", "0");
        assertRow(text, "max-violations <= 0", "ok (0)");
        assertTrue(text.contains("bytes: in 1,638,400,000 = delivered 1,638,387,712 + discarded 12,288 "
            + "(pipe-released 4,096, socket-reset 8,192): balanced\n"), text);
        assertEquals("PASSED", lastLine(text));
        assertTrue(text.startsWith("fixed: model private-pages, seed 9, 2.00 s, 2 cores\n  Round numbers.\n"), text);
    }

    @Test
    void shouldBreakTheErrorsDownByOperationAndErrnoAndFlagAnElementThatAlwaysFails() {
        final String text = SummaryTable.render(SampleReports.withErrors());
        assertRow(text, "errors: read EAGAIN", "1,030");
        assertRow(text, "errors: read EPIPE", "4");
        assertRow(text, "errors: splice EAGAIN", "200");
        assertTrue(text.contains("\nwarning: web.conf:12 read failed every time it ran (1,000 calls: EAGAIN 1,000)\n"),
            text);
        assertFalse(text.contains("web.conf:13"), "elements that sometimes succeed are not flagged: " + text);
        final String compare = SummaryTable.renderCompare(List.of(SampleReports.withErrors(), SampleReports.fixed()));
        assertTrue(compare.contains("warning: private-pages: web.conf:12 read failed every time"), compare);
    }

    @Test
    void shouldNameNonZeroViolationsOnlyAndEndFailed() {
        final String text = SummaryTable.render(SampleReports.failing());
        assertRow(text, "use-after-free", "3");
        assertFalse(text.contains("refcount-underflow"), "zero counts stay out: " + text);
        assertRow(text, "leaked pages", "2");
        assertRow(text, "max-violations <= 0", "FAILED (3)");
        assertRow(text, "min-syscalls-per-second >= 1000", "ok (1)");
        assertTrue(text.contains("): UNBALANCED\n"), text);
        assertEquals("FAILED (1 assertion failed, 3 violations, 2 leaked pages)", lastLine(text));
    }

    @Test
    void shouldRenderARunThatRecordedNothing() {
        final String text = SummaryTable.render(SampleReports.empty());
        assertRow(text, "syscalls/s", "0");
        assertRow(text, "copy ratio", "0.00 %");
        assertRow(text, "no samples", "-");
        assertRow(text, "assertions", "none");
        assertEquals("PASSED", lastLine(text));
    }

    @Test
    void shouldPutModelsSideBySideInAlignedColumns() {
        final List<RunReport> runs = SampleReports.threeModels();
        final String text = SummaryTable.renderCompare(runs);
        final List<String> lines = text.lines().toList();
        final String header = lines.stream().filter(l -> l.strip().startsWith("linux")).findFirst().orElseThrow();
        assertTrue(header.matches("\\s+linux\\s+private-pages\\s+splice-is-read-write"), header);
        assertRow(text, "copy ratio", "2.00 %", "35.00 %", "100.00 %");
        assertRow(text, "tried", "0", SummaryTable.count(runs.get(1).totals().stealsTried()), "0");
        assertRow(text, "refills", "0", SummaryTable.count(runs.get(1).totals().refills()), "0");
        assertRow(text, "syscalls/s", SummaryTable.rate(runs.get(0).totals().syscalls() / SampleReports.SECONDS),
            SummaryTable.rate(runs.get(1).totals().syscalls() / SampleReports.SECONDS),
            SummaryTable.rate(runs.get(2).totals().syscalls() / SampleReports.SECONDS));
        assertRow(text, "balanced", "yes", "yes", "yes");
        assertRow(text, "verdict", "PASSED", "PASSED", "PASSED");
        final int width = header.length();
        lines.stream().filter(l -> l.matches(".*\\S\\s{3,}\\S.*\\s{3,}\\S.*\\s{3,}\\S+$"))
            .forEach(l -> assertEquals(width, l.length(), "right-aligned under the model names: " + l));
        assertEquals("PASSED", lastLine(text));
    }

    @Test
    void shouldNameTheFailedModelsOfAComparison() {
        final String text = SummaryTable.renderCompare(List.of(SampleReports.linux(), SampleReports.failing()));
        assertRow(text, "use-after-free", "0", "3");
        assertRow(text, "verdict", "PASSED", "FAILED");
        assertEquals("FAILED (dirty-pipe)", lastLine(text));
    }

    @Test
    void shouldRefuseToCompareDifferentScenarios() {
        assertThrows(IllegalArgumentException.class,
            () -> SummaryTable.renderCompare(List.of(SampleReports.linux(), SampleReports.empty())));
    }

    /** A line holding {@code label} then exactly {@code cells}, separated by spaces only. */
    private static void assertRow(final String text, final String label, final String... cells) {
        final StringBuilder regex = new StringBuilder("(?m)^\\s*").append(Pattern.quote(label));
        for (final String c : cells) {
            regex.append("\\s{2,}").append(Pattern.quote(c));
        }
        regex.append("$");
        assertTrue(Pattern.compile(regex.toString()).matcher(text).find(),
            "no row '" + label + "' = " + List.of(cells) + " in:\n" + text);
    }

    private static String lastLine(final String text) {
        final List<String> lines = text.lines().toList();
        return lines.get(lines.size() - 1);
    }
}
