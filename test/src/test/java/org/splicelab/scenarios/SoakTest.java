package org.splicelab.scenarios;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.splicelab.protocols.KernelModel;
import org.splicelab.report.RunReport;
import org.splicelab.report.SummaryTable;

/**
 * The soak run ({@code mvn -B verify -Psoak}): webserver-sendfile for 30 minutes
 * ({@code -Dsplicelab.soak.minutes=N}), sampling the heap after a full GC and the process's resident
 * memory every 30 s; both must stay flat (the last third's mean within 20 % + 16 MiB of the first
 * third's), and the run must end with no violation and no leak.
 */
@Tag("soak")
class SoakTest {
    @Test
    void shouldKeepHeapAndOffHeapMemoryFlatForThirtyMinutes() throws Exception {
        final double minutes = Double.parseDouble(System.getProperty("splicelab.soak.minutes", "30"));
        final Duration duration = Duration.ofMillis((long) (minutes * 60_000));
        final CompletableFuture<RunReport> run = CompletableFuture.supplyAsync(
            () -> BuiltInScenariosTest.run("webserver-sendfile", KernelModel.LINUX, duration));
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        final List<long[]> samples = new ArrayList<>();
        final long period = Math.max(5_000, Math.min(30_000, duration.toMillis() / 20));
        while (!run.isDone()) {
            Thread.sleep(period);
            System.gc();
            final long heap = memory.getHeapMemoryUsage().getUsed();
            final long rss = residentBytes();
            samples.add(new long[] {heap, rss});
            System.out.printf("[soak] t=%ds heap=%,d B rss=%,d B%n", samples.size() * period / 1000, heap, rss);
        }
        final RunReport r = run.get();
        System.out.print(SummaryTable.render(r));
        assertTrue(r.passed(), () -> SummaryTable.render(r));
        assertTrue(samples.size() >= 6, "enough samples: " + samples.size());
        for (int k = 0; k < 2; k++) {
            final int which = k;
            final int third = samples.size() / 3;
            final double first = samples.subList(0, third).stream().mapToLong(s -> s[which]).average().orElse(0);
            final double last = samples.subList(samples.size() - third, samples.size()).stream()
                .mapToLong(s -> s[which]).average().orElse(0);
            final String name = k == 0 ? "heap" : "resident memory (off-heap included)";
            assertTrue(last <= first * 1.2 + (16 << 20), () -> String.format("%s grew: first third %,.0f B, last third %,.0f B",
                name, first, last));
        }
    }

    /** VmRSS of this JVM from /proc (Linux). */
    private static long residentBytes() throws Exception {
        for (final String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
            }
        }
        return 0;
    }
}
