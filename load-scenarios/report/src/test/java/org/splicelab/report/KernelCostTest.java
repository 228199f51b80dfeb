package org.splicelab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cost model's arithmetic (ADR 0019) against figures worked out by hand. */
class KernelCostTest {
    private static final double MIB = 1 << 20;

    /** Round unit costs, in nanoseconds. */
    static KernelProfile profile() {
        final Map<String, Double> u = new LinkedHashMap<>();
        final double[] ns = {100, 10, 20, 30, 40, 400, 500, 1000, 50_000, 2000, 3000, 5000, 60};
        int i = 0;
        for (final String event : KernelCost.EVENTS.keySet()) {
            u.put(event, ns[i++]);
        }
        final Map<String, double[]> spread = new LinkedHashMap<>();
        u.forEach((k, v) -> spread.put(k, new double[] {v * 0.9, v * 1.1}));
        return new KernelProfile("test.conf", "6.18.0-test", "x86_64", "Test CPU", 2, "2026-12-02T06:00:00Z", 5,
            1 << 20, u, spread);
    }

    /** 10 calls, 16 pages by reference, 3 copied (1 onto a socket), 1 MiB delivered; files of {@code fileBytes}. */
    static RunReport run(final String model, final long fileBytes, final long delivered) {
        final Map<String, Long> events = new LinkedHashMap<>();
        events.put("pipe-locks", 5L);
        events.put("blocked-waits", 2L);
        events.put("wakeups", 2L);
        events.put("socket-sends", 1L);
        events.put("socket-pages", 16L);
        events.put("socket-pages-copied", 1L);
        events.put("bytes-to-user", 8192L);
        events.put("bytes-from-user", 4096L);
        events.put("bytes-delivered", delivered);
        events.put("file-bytes", fileBytes);
        final RunReport.Totals t = new RunReport.Totals(10, 0, 65_536, 12_288, 16, 3, 2, 1, Map.of(), 1, 0,
            Map.of("lookups", 20L, "refills", 4L), events);
        final RunReport f = SampleReports.fixed();
        return new RunReport("s", "d", model, 7, 1.0, 2, t, List.of(), Map.of(), Map.of(), 0, f.accounting(),
            List.of(), true);
    }

    @Test
    void shouldPriceEveryCountedEventWithItsUnit() {
        final KernelCost.Estimate e = KernelCost.estimate(run("linux", 65_536, 1 << 20), profile());
        // copies: 4096 out of user memory + (12288 - 4096) copied from pages + 8192 read to user = 5 pages, hot
        assertEquals(5.0, e.counts().get("copy-page"), 1e-12);
        assertEquals(0.0, e.counts().get("copy-page-cold"), 1e-12);
        assertEquals(2.0, e.counts().get("alloc"), 1e-12, "3 pages copied, 1 of them a socket's own");
        assertEquals(4.0, e.counts().get("refill"), 1e-12, "every miss read back, not only those after steals");
        final Map<String, Double> expected = new LinkedHashMap<>();
        expected.put("syscall", 1000.0);
        expected.put("pipe-lock", 50.0);
        expected.put("lookup", 400.0);
        expected.put("reference", 480.0);
        expected.put("copy-page", 200.0);
        expected.put("copy-page-cold", 0.0);
        expected.put("alloc", 1000.0);
        expected.put("steal", 2000.0);
        expected.put("refill", 200_000.0);
        expected.put("wakeup", 4000.0);
        expected.put("blocked-wait", 6000.0);
        expected.put("socket-send", 5000.0);
        expected.put("socket-page", 960.0);
        assertEquals(expected, e.ns());
        assertEquals(221_090.0, e.totalNs(), 1e-6);
        assertEquals(221_090.0 * 1024, e.nsPerGiB(), 1e-3, "221,090 ns per MiB delivered");
        assertEquals(1e9 / (221_090.0 * 1024), e.gibPerSecond(), 1e-12);
        assertEquals(2.0 * 1024, e.perGiB("steal"), 1e-9);
    }

    @Test
    void shouldPriceCopiesFromPagesAsColdWhenTheFilesDoNotFitTheCache() {
        final KernelCost.Estimate e = KernelCost.estimate(run("copy", 2L << 20, 1 << 20), profile());
        assertEquals(1.0, e.counts().get("copy-page"), 1e-12, "write(2)'s copy out of user memory stays hot");
        assertEquals(4.0, e.counts().get("copy-page-cold"), 1e-12);
        assertEquals(221_090.0 - 200 + 40 + 1600, e.totalNs(), 1e-6);
    }

    @Test
    void shouldEstimatePerByteMovedWhenNothingReachedAPipelinesEnd() {
        final KernelCost.Estimate e = KernelCost.estimate(run("linux", 65_536, 0), profile());
        assertTrue(!e.delivered());
        assertEquals(65_536 + 12_288, e.bytes(), 1e-9);
        assertEquals(221_090.0 / (65_536 + 12_288) * KernelCost.GIB, e.nsPerGiB(), 1e-3);
    }

    @Test
    void shouldLabelTheBlockAsAnEstimateAndRankTheModels() {
        final String text = KernelCost.render(List.of(run("private-pages", 65_536, 1 << 20),
            run("linux", 65_536, 2 << 20)), profile());
        assertTrue(text.startsWith("Kernel cost ESTIMATE per GiB served (not a measurement"), text);
        assertTrue(text.contains("calibrated 2026-12-02T06:00:00Z on Linux 6.18.0-test x86_64, Test CPU, 2 CPUs"), text);
        assertTrue(text.contains("kernel time per GiB served"), text);
        assertTrue(text.contains("226.4 ms") && text.contains("113.2 ms"), text);
        assertTrue(text.contains("steal @ 1,000 ns"), text);
        assertTrue(text.contains("refill @ 50.0 us"), text);
        assertTrue(text.contains("cheapest first: linux 113.2 ms < private-pages 226.4 ms"), text);
        assertTrue(!text.contains("copy-page-cold"), "an event no run counted has no row:\n" + text);
    }

    @Test
    void shouldShowADashNotNaNForARunThatMovedNothing() {
        final RunReport.Totals none = new RunReport.Totals(0, 0, 0, 0, 0, 0, 0, 0, Map.of(), 0, 0, Map.of(), Map.of());
        final RunReport f = SampleReports.fixed();
        final RunReport idle = new RunReport("s", "d", "copy", 7, 0.0, 2, none, List.of(), Map.of(), Map.of(), 0,
            f.accounting(), List.of(), true);
        final String text = KernelCost.render(List.of(idle, run("linux", 65_536, 1 << 20)), profile());
        assertTrue(!text.contains("NaN") && !text.contains("Infinity"), text);
        assertTrue(text.lines().anyMatch(l -> l.trim().matches("kernel time per GiB served \\(moved, for a run that served none\\)\\s+-\\s+226.4 ms")), text);
        assertTrue(text.contains("cheapest first: linux 226.4 ms\n"), text);
    }
}
