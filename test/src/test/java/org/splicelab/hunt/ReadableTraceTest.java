package org.splicelab.hunt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.splicelab.actors.deterministic.DeterministicRuntime;
import org.splicelab.protocols.KernelModel;

/**
 * Traces a kernel engineer can read: system calls with their arguments and data, in the order they
 * completed, and a shrunk schedule whose trace is never longer than the one it came from, and strictly
 * shorter whenever a shorter one exists (one of the other shrinks found it).
 */
class ReadableTraceTest {
    private static final Pattern NUMBERED = Pattern.compile("^\\s*(\\d+)\\s+(P\\d)\\s+(.*)$");
    private static DeterministicRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = new DeterministicRuntime();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    /** The trace's lines (between its header and "Outcome:"). */
    private static List<String> body(final String rendered) {
        final List<String> lines = rendered.lines().toList();
        final List<String> out = new ArrayList<>();
        for (int i = 2; i < lines.size() && !lines.get(i).startsWith("Outcome:"); i++) {
            out.add(lines.get(i));
        }
        return out;
    }

    @Test
    @Timeout(60)
    void shouldPrintSystemCallsWithTheirDataInTheOrderTheyCompleted() {
        final LitmusTarget target = LitmusTarget.load(HuntFiles.resource("hunt/dirty-pipe-nonblocking.litmus"));
        final Hunter.Report r = new Hunter(runtime).hunt(target, Hunter.Options.of(KernelModel.DIRTY_PIPE, 1000, 1));
        assertTrue(r.foundSomething(), r::summary);
        final List<String> trace = body(r.found().trace());
        System.out.println(String.join("\n", trace));
        int expected = 1;
        int splice = -1;
        int write = -1;
        for (final String l : trace) {
            final Matcher m = NUMBERED.matcher(l);
            if (m.matches()) {
                assertEquals(expected, Integer.parseInt(m.group(1)), () -> "calls out of order at: " + l);
                final Matcher times = Pattern.compile("\\(x(\\d+)\\)").matcher(m.group(3));
                if (m.group(3).startsWith("r0 = splice f@99 -> p 1 = 1")) {
                    splice = expected;
                } else if (m.group(3).startsWith("r1 = write p \"PWND\" = 4")) {
                    write = expected;
                }
                expected += times.find() ? Integer.parseInt(times.group(1)) : 1;
            } else if (l.matches("^\\s+P\\d\\s+<\\.\\.\\. \\w+ resumed> .*")) {
                expected++;
            }
        }
        assertEquals(35, expected, "34 calls");
        final int s = splice;
        final int w = write;
        assertTrue(s > 17 && s < w, () -> "the splice (" + s + ") lands after P1's 16 writes and first read, before its "
            + "last write (" + w + ")");
        assertTrue(trace.stream().noneMatch(l -> l.contains("Write[") || l.contains("adapter")), trace::toString);
        assertTrue(trace.stream().anyMatch(l -> l.contains("!! VIOLATION page-cache-written-through-pipe")),
            trace::toString);
    }

    @Test
    @Timeout(120)
    void shouldShrinkToATraceNoLongerAndStrictlyShorterWhenOneExists() {
        final LitmusTarget target = LitmusTarget.load(HuntFiles.resource("hunt/noisy-writers.litmus"));
        final List<int[]> lengths = new ArrayList<>();
        for (long seed = 1; seed <= 4; seed++) {
            final Hunter.Report r = new Hunter(runtime).hunt(target, Hunter.Options.of(KernelModel.LINUX, 20_000,
                seed * 100_000).withStrategy(Hunter.StrategyKind.RANDOM));
            assertNotNull(r.found(), r::summary);
            final String finding = r.found().outcome().findings().get(0);
            final Shrinker.Result s = new Shrinker(runtime, target, KernelModel.LINUX, 2000)
                .shrink(r.found().decisions(), finding);
            final Replayer.Replayed min = Replayer.replay(runtime, target, KernelModel.LINUX, s.shrunk(), true);
            assertTrue(min.reproduces(List.of(finding)), min.outcome()::toString);
            final int before = body(r.found().trace()).size();
            final int after = body(Replayer.render(target, KernelModel.LINUX, "shrunk", min)).size();
            System.out.printf("noisy-writers random seed %d: schedule %d, trace %d -> %d lines, decisions %d -> %d%n",
                seed * 100_000, r.found().schedule(), before, after, s.original().size(), s.shrunk().size());
            assertTrue(after <= before, () -> before + " -> " + after);
            lengths.add(new int[] {before, after});
        }
        final int shortest = lengths.stream().mapToInt(l -> l[1]).min().orElseThrow();
        for (final int[] l : lengths) {
            assertTrue(l[0] <= shortest || l[1] < l[0], () -> l[0] + " -> " + l[1] + " though " + shortest + " exists");
        }
        assertTrue(lengths.stream().anyMatch(l -> l[0] > shortest), "no schedule to shorten: make the test noisier");
    }
}
