package org.splicelab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splicelab.actors.Simulator;
import org.splicelab.litmus.LitmusParseException;
import org.splicelab.litmus.LitmusParser;
import org.splicelab.litmus.LitmusTest;

/** The fuzzer's programs and a small campaign against this kernel (Linux 6.18). */
class FuzzerTest {
    @Test
    void shouldMakeTheSameProgramFromTheSameSeedAndMostlyValidOnes() {
        assertEquals(Fuzzer.generate(new SplittableRandom(7), "x"), Fuzzer.generate(new SplittableRandom(7), "x"));
        int valid = 0;
        for (int i = 0; i < 200; i++) {
            try {
                LitmusParser.parse("f.litmus", Fuzzer.generate(new SplittableRandom(i), "fuzz-" + i));
                valid++;
            } catch (LitmusParseException e) {
                // counted below
            }
        }
        assertTrue(valid >= 190, valid + " of 200 generated programs parse");
    }

    @Test
    void shouldMakeSeveralProcessProgramsThatDeclareOnlyTheObjectsTheyUse() {
        int valid = 0;
        for (int i = 0; i < 200; i++) {
            final String source = Fuzzer.generate(new SplittableRandom(i), "fuzz-" + i, 2);
            try {
                final LitmusTest t = LitmusParser.parse("f.litmus", source);
                assertEquals(2, t.processes().size());
                t.processes().forEach(p -> assertTrue(p.body().size() >= 1 && p.body().size() <= 3, source));
                valid++;
            } catch (LitmusParseException e) {
                // counted below
            }
            for (final String object : new String[] {"a", "o", "q", "r", "t", "m", "u", "k", "v", "z", "n", "x"}) {
                final boolean declared = source.lines().anyMatch(l -> l.split(" ").length > 1 && l.split(" ")[1].equals(object)
                    && !l.startsWith("  "));
                final boolean used = source.lines().filter(l -> l.startsWith("  "))
                    .anyMatch(l -> java.util.Arrays.stream(l.split(" ")).anyMatch(w -> w.replaceAll("[.@].*", "").equals(object)));
                assertEquals(used, declared, object + " declared exactly when used:\n" + source);
            }
        }
        assertTrue(valid >= 190, valid + " of 200 generated programs parse");
        assertEquals(Fuzzer.generate(new SplittableRandom(3), "x"), Fuzzer.generate(new SplittableRandom(3), "x", 1),
            "one process: the programs of earlier versions");
    }

    @Test
    void shouldCompareSeveralProcessProgramsByTheKernelsStatesAndAccountForEveryProgram(@TempDir final Path dir) {
        try (Simulator simulator = new Simulator()) {
            final Fuzzer.Summary s = new Fuzzer(simulator,
                new KernelRunner.Options(20, Duration.ofSeconds(2), Duration.ofSeconds(10), dir, 1), 2).run(4, 1, line -> { });
            final long disagreeing = s.findings().values().stream().mapToLong(Fuzzer.Finding::count).sum();
            assertEquals(4, s.agreeing() + s.skipped() + s.unreproduced() + s.notExhaustive() + disagreeing);
            assertTrue(s.agreeing() > 0, "two-process programs of seed 1 agree on 6.18");
        }
    }

    @Test
    void shouldRunACampaignOnBothBackendsAndAccountForEveryProgram(@TempDir final Path dir) {
        try (Simulator simulator = new Simulator()) {
            final Fuzzer.Summary s = new Fuzzer(simulator,
                new KernelRunner.Options(1, Duration.ofSeconds(5), Duration.ofSeconds(10), dir, 1)).run(30, 1, line -> { });
            final long disagreeing = s.findings().values().stream().mapToLong(Fuzzer.Finding::count).sum();
            assertEquals(30, s.agreeing() + s.skipped() + s.unreproduced() + disagreeing);
            assertTrue(s.agreeing() > 0, "programs of seed 1 agree on 6.18");
            s.findings().values().forEach(f -> assertTrue(f.source().contains("# model linux: ")
                && f.source().contains("# kernel "), f.source()));
        }
    }
}
