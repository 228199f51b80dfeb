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
