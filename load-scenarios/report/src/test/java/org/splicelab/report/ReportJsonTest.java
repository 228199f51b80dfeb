package org.splicelab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportJsonTest {
    private static final double EPSILON = 1e-9;

    @Test
    void shouldRoundTripTheRunHeaderAndTotals() {
        final RunReport r = SampleReports.fixed();
        final Config c = ConfigFactory.parseString(ReportWriter.json(r));
        assertEquals("fixed", c.getString("scenario"));
        assertEquals("Round numbers.", c.getString("description"));
        assertEquals("private-pages", c.getString("model"));
        assertEquals(9, c.getLong("seed"));
        assertEquals(2.0, c.getDouble("seconds"), EPSILON);
        assertEquals(2, c.getInt("cores"));
        assertTrue(c.getBoolean("passed"));
        assertEquals(2_000_000, c.getLong("totals.syscalls"));
        assertEquals(1_234, c.getLong("totals.errors"));
        assertEquals(300_000L * 4096, c.getLong("totals.bytesByReference"));
        assertEquals(100_000L * 4096, c.getLong("totals.bytesCopied"));
        assertEquals(300_000, c.getLong("totals.pagesByReference"));
        assertEquals(100_000, c.getLong("totals.pagesCopied"));
        assertEquals(0.25, c.getDouble("totals.copyRatio"), EPSILON);
        assertEquals(1_000, c.getLong("totals.stealsTried"));
        assertEquals(900, c.getLong("totals.stealsSucceeded"));
        assertEquals(60, c.getLong("totals.stealFailures.shared"));
        assertEquals(40, c.getLong("totals.stealFailures.dirty"));
        assertEquals(900, c.getLong("totals.refills"));
        assertEquals(3, c.getLong("totals.postSpliceChanges"));
    }

    @Test
    void shouldWriteTheErrorsByOperationAndEachLoopElementsResults() {
        final Config c = ConfigFactory.parseString(ReportWriter.json(SampleReports.withErrors()));
        assertEquals(1_030, c.getLong("errorsByOperation.read.EAGAIN"));
        assertEquals(4, c.getLong("errorsByOperation.read.EPIPE"));
        assertEquals(200, c.getLong("errorsByOperation.splice.EAGAIN"));
        final List<? extends Config> ops = c.getConfigList("operations");
        assertEquals(3, ops.size());
        assertEquals("web.conf:12 read", ops.get(0).getString("source"));
        assertEquals(1_000, ops.get(0).getLong("calls"));
        assertEquals(1_000, ops.get(0).getLong("failures"));
        assertTrue(ops.get(0).getBoolean("failsEveryTime"));
        assertFalse(ops.get(1).getBoolean("failsEveryTime"));
        assertTrue(c.getIsNull("interrupted"));
    }

    @Test
    void shouldRoundTripRatesTimelineAndLatencies() {
        final Config c = ConfigFactory.parseString(ReportWriter.json(SampleReports.fixed()));
        assertEquals(1_000_000, c.getDouble("rates.syscallsPerSecond"), EPSILON);
        assertEquals(150_000, c.getDouble("rates.pagesByReferencePerSecond"), EPSILON);
        assertEquals(50_000, c.getDouble("rates.pagesCopiedPerSecond"), EPSILON);
        assertEquals(50_000.0 * 4096, c.getDouble("rates.bytesCopiedPerSecond"), EPSILON);
        final List<? extends Config> timeline = c.getConfigList("timeline");
        assertEquals(2, timeline.size());
        assertEquals(2.0, timeline.get(1).getDouble("t"), EPSILON);
        assertEquals(1_000_000, timeline.get(1).getLong("syscalls"));
        assertEquals(150_000L * 4096, timeline.get(1).getLong("bytesByReference"));
        assertEquals(50_000L * 4096, timeline.get(1).getLong("bytesCopied"));
        assertEquals(150_000, timeline.get(0).getLong("pagesByReference"));
        assertEquals(50_000, timeline.get(0).getLong("pagesCopied"));
        assertEquals(1_500_000, c.getLong("latencies.sendfile.count"));
        assertEquals(12.34, c.getDouble("latencies.sendfile.p50"), EPSILON);
        assertEquals(45.6, c.getDouble("latencies.sendfile.p99"), EPSILON);
        assertEquals(789.0, c.getDouble("latencies.sendfile.p999"), EPSILON);
        assertEquals(1_234.5, c.getDouble("latencies.sendfile.max"), EPSILON);
        assertEquals(12_345.0, c.getDouble("latencies.tee.p999"), EPSILON);
    }

    @Test
    void shouldRoundTripChecksAccountingAndAssertions() {
        final Config c = ConfigFactory.parseString(ReportWriter.json(SampleReports.failing()));
        assertEquals(4, c.getObject("violations").size(), "every violation listed, zeros included");
        assertEquals(0, c.getLong("violations.refcount-underflow"));
        assertEquals(3, c.getLong("violations.use-after-free"));
        assertEquals(3, c.getLong("violationsTotal"));
        assertEquals(2, c.getLong("leakedPages"));
        assertFalse(c.getBoolean("passed"));
        assertFalse(c.getBoolean("accounting.balanced"));
        assertEquals(8 * 4096, c.getLong("accounting.discarded.pipe-released"));
        assertEquals(11 * 4096, c.getLong("accounting.bytesDiscarded"));
        final List<? extends Config> assertions = c.getConfigList("assertions");
        assertEquals(2, assertions.size());
        assertEquals("max-violations", assertions.get(0).getString("name"));
        assertEquals("<= 0", assertions.get(0).getString("expected"));
        assertEquals("3", assertions.get(0).getString("actual"));
        assertFalse(assertions.get(0).getBoolean("ok"));
        assertTrue(assertions.get(1).getBoolean("ok"));
    }

    @Test
    void shouldKeepKeysWithDotsAndAwkwardTextVerbatim() {
        final RunReport f = SampleReports.fixed();
        final String description = "quotes \" and \\ backslash,\nnewline, tab\t, </script>, µs, ünïcode";
        final RunReport r = new RunReport(f.scenario(), description, f.model(), f.seed(), f.seconds(), f.cores(),
            f.totals(), f.timeline(), f.latencies(), Map.of("page.cache:write", 5L), 0, f.accounting(),
            f.assertions(), false);
        final Config c = ConfigFactory.parseString(ReportWriter.json(r));
        assertEquals(description, c.getString("description"));
        assertEquals(5L, ((Number) c.getObject("violations").get("page.cache:write").unwrapped()).longValue());
    }

    @Test
    void shouldWriteNullForNonFiniteNumbers() {
        final RunReport f = SampleReports.fixed();
        final RunReport r = new RunReport(f.scenario(), f.description(), f.model(), f.seed(), Double.NaN, f.cores(),
            f.totals(), f.timeline(), Map.of("splice", new RunReport.Latency(0, Double.NaN, 1, 2, 3)),
            f.violations(), 0, f.accounting(), f.assertions(), true);
        final String json = ReportWriter.json(r);
        final Config c = ConfigFactory.parseString(json);
        assertTrue(c.getIsNull("seconds"));
        assertTrue(c.getIsNull("latencies.splice.p50"));
        assertEquals(1_000_000, c.getDouble("rates.syscallsPerSecond"), EPSILON,
            "a timing is the timeline's steady rate, finite without the run's duration");
        assertFalse(json.contains("NaN") || json.contains("Infinity"), json);
    }

    @Test
    void shouldWriteJsonFileCreatingItsDirectory(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("a/b/report.json");
        ReportWriter.writeJson(SampleReports.fixed(), file);
        assertEquals(ReportWriter.json(SampleReports.fixed()), Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void shouldWriteEveryRunOfAComparison(@TempDir final Path dir) throws Exception {
        final List<RunReport> runs = SampleReports.threeModels();
        ReportWriter.writeCompare(runs, dir);
        final Config c = ConfigFactory.parseString(Files.readString(dir.resolve(ReportWriter.JSON_FILE)));
        assertEquals(SampleReports.SCENARIO, c.getString("scenario"));
        assertEquals(SampleReports.SEED, c.getLong("seed"));
        assertEquals(List.of("linux", "private-pages", "splice-is-read-write"), c.getStringList("models"));
        assertTrue(c.getBoolean("passed"));
        final List<? extends Config> parsed = c.getConfigList("runs");
        assertEquals(3, parsed.size());
        for (int i = 0; i < runs.size(); i++) {
            assertEquals(runs.get(i).model(), parsed.get(i).getString("model"));
            assertEquals(runs.get(i).totals().stealsTried(), parsed.get(i).getLong("totals.stealsTried"));
            assertEquals(runs.get(i).totals().copyRatio(), parsed.get(i).getDouble("totals.copyRatio"), EPSILON);
            assertEquals(SampleReports.SAMPLES, parsed.get(i).getConfigList("timeline").size());
        }
        assertTrue(Files.size(dir.resolve(ReportWriter.HTML_FILE)) > 0);
    }

    @Test
    void shouldRefuseToCompareDifferentSeedsOrNothing(@TempDir final Path dir) {
        final RunReport a = SampleReports.linux();
        final RunReport f = SampleReports.fixed();
        assertThrows(IllegalArgumentException.class, () -> ReportWriter.writeCompare(List.of(), dir));
        assertThrows(IllegalArgumentException.class, () -> ReportWriter.writeCompare(List.of(a, f), dir));
    }
}
