package org.splicelab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splicelab.litmus.Bytes;
import org.splicelab.litmus.FinalState;
import org.splicelab.litmus.LitmusCompiler;
import org.splicelab.litmus.LitmusParser;
import org.splicelab.litmus.LitmusRunner;
import org.splicelab.litmus.LitmusTest;
import org.splicelab.litmus.Value;
import org.splicelab.protocols.Errno;
import org.splicelab.protocols.KernelModel;

/**
 * The kernel backend on this host's kernel. Every expected value here was observed on Linux 6.18
 * (6.18.44, ext4 /tmp, tmpfs /dev/shm), by this backend and by the C programs of test/kernel-checks.
 */
class KernelRunnerTest {
    private static KernelRunner.KernelOutcome run(final String source, final Path dir, final int runs) {
        final LitmusTest test = LitmusParser.parse("t.litmus", source);
        return KernelRunner.run(test, LitmusCompiler.compile(test, "t.litmus", source), KernelModel.LINUX,
            new KernelRunner.Options(runs, Duration.ofSeconds(10), Duration.ofSeconds(10), dir, 1));
    }

    private static Map<String, Value> only(final KernelRunner.KernelOutcome k) {
        assertEquals(List.of(), k.outcome().problems());
        assertEquals(1, k.outcome().states().size(), k.outcome().states().toString());
        return k.outcome().states().get(0).state().registers();
    }

    @Test
    void shouldShowAPwriteAfterSpliceThroughThePipeAndReportErrnos(@TempDir final Path dir) {
        final KernelRunner.KernelOutcome k = run(String.join("\n", "litmus t", "file f size=4096 fill=A", "pipe p",
            "process P0 {", "  r0 = splice f -> p 4096", "  pwrite f@0 'B'*4096", "  r1 = read p 2",
            "  r2 = splice p@0 -> f 1", "  r3 = read fd:900 1", "  r4 = getpipe p", "}", "expect r1 == \"BB\"", ""), dir, 1);
        final Map<String, Value> r = only(k);
        assertEquals(Value.of(4096), r.get("r0"));
        assertEquals(Value.of(Bytes.of("BB")), r.get("r1"), "zero-copy: the pipe holds the page-cache page");
        assertEquals(Value.of(Errno.ESPIPE), r.get("r2"));
        assertEquals(Value.of(Errno.EBADF), r.get("r3"));
        assertEquals(Value.of(65536), r.get("r4"));
        assertEquals(1, k.runs(), "one process: one execution");
        assertTrue(k.outcome().ok());
    }

    @Test
    void shouldReportACallThatWouldBlockForeverAsBlockedWithinABound(@TempDir final Path dir) {
        final long t0 = System.nanoTime();
        final KernelRunner.KernelOutcome k = run(String.join("\n", "litmus t", "pipe p", "socketpair s",
            "process P0 {", "  r0 = write p \"x\"", "  r1 = read p 1", "  r2 = read s.1 1", "  r3 = read p 1", "}", ""),
            dir, 1);
        final FinalState s = k.outcome().states().get(0).state();
        assertTrue(s.deadlock(), "the read of an empty socket nobody writes never returns");
        assertEquals(Map.of("r0", Value.of(1), "r1", Value.of(Bytes.of("x"))), s.registers(),
            "the blocked call's register and everything after it stay unset");
        assertTrue(System.nanoTime() - t0 < 3_000_000_000L, "reported within the bound, not hung");
    }

    @Test
    void shouldRunSeveralProcessesManyTimesAndSeeBothSplicersReadOffsetZero(@TempDir final Path dir) {
        // splice with off_in NULL takes no f_pos lock: both may start at 0 (observed on 6.18 by this backend,
        // 67 to 260 of 2000 runs, and by test/kernel-checks/shared_fpos.c)
        final KernelRunner.KernelOutcome k = run(String.join("\n", "litmus t", "file f data='A'*4096 + 'B'*4096",
            "pipe p", "pipe q", "process P0 {", "  r0 = splice f -> p 4096", "  a = read p 1", "}",
            "process P1 {", "  r1 = splice f -> q 4096", "  b = read q 1", "}", "exists a == \"A\" && b == \"A\"", ""),
            dir, 2000);
        assertTrue(k.runs() > 1);
        final long total = k.outcome().states().stream().mapToLong(LitmusRunner.StateCount::count).sum();
        assertEquals(k.outcome().executions(), total);
        assertTrue(k.outcome().ok(), () -> "both at offset 0 was not seen in " + k.runs() + " runs: "
            + k.outcome().states());
        final Set<Value> seen = new java.util.HashSet<>();
        k.outcome().states().forEach(sc -> seen.add(sc.state().registers().get("a")));
        assertEquals(Set.of(Value.of(Bytes.of("A")), Value.of(Bytes.of("B"))), seen);
    }

    @Test
    void shouldNameTheKernelReleaseAndTheFilesystem() throws Exception {
        assertEquals(Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip(), Host.release());
        assertEquals("tmpfs", Host.fsType(Path.of("/dev/shm")));
        assertEquals("proc", Host.fsType(Path.of("/proc")));
    }
}
