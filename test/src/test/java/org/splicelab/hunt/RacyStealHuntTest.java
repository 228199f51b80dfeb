package org.splicelab.hunt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.splicelab.actors.deterministic.DeterministicRuntime;
import org.splicelab.protocols.KernelModel;

/**
 * Validates both hunters on a steal made racy on purpose ({@link RacyStealTarget}): the deterministic
 * hunter (message interleavings, replayable) and the stress hunter (real threads) both find
 * {@code stolen-while-shared}, each with its seed; the correct steal ({@code freeze}) gives nothing.
 */
class RacyStealHuntTest {
    private static final String FINDING = "violation(stolen-while-shared)";
    private static DeterministicRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = new DeterministicRuntime();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @Test
    @Timeout(60)
    void shouldFindTheRacyStealWithEveryStrategyAndReplayIt() {
        for (final Hunter.StrategyKind s : Hunter.StrategyKind.values()) {
            final Hunter.Report r = new Hunter(runtime).hunt(new RacyStealTarget(),
                Hunter.Options.of(KernelModel.LINUX, 1000, 7).withStrategy(s));
            System.out.println(r.summary());
            assertNotNull(r.found(), r::summary);
            assertEquals(List.of(FINDING), r.found().outcome().findings());
            assertTrue(r.found().confirmed(), r::summary);
            assertTrue(r.found().trace().contains("claimExclusive"), r.found().trace());
            final Replayer.Replayed again = Replayer.replay(runtime, Replayer.resolve(r.found().replay().target(), null),
                KernelModel.LINUX, ReplayFile.parse("x", r.found().replay().render()).decisions(), true);
            assertTrue(again.reproduces(List.of(FINDING)));
            assertNull(again.divergence());
        }
    }

    @Test
    @Timeout(60)
    void shouldFindNothingInTheCorrectSteal() {
        final Hunter.Report r = new Hunter(runtime).hunt(new RacyStealTarget.Safe(),
            Hunter.Options.of(KernelModel.LINUX, 2000, 7));
        System.out.println(r.summary());
        assertNull(r.found(), r::summary);
    }

    @Test
    @Timeout(120)
    void shouldFindTheRacyStealOnRealThreads() {
        try (StressHunter hunter = new StressHunter()) {
            final StressHunter.Report r = hunter.hunt(new RacyStealTarget(),
                new StressHunter.Options(KernelModel.LINUX, 4_000, 7, Duration.ofSeconds(20)));
            System.out.print(r.render());
            assertTrue(r.found(), r::render);
            assertTrue(r.first().findings().contains(FINDING), r::render);
            final StressHunter.Report safe = hunter.hunt(new RacyStealTarget.Safe(),
                new StressHunter.Options(KernelModel.LINUX, 2_000, 7, Duration.ofSeconds(5)));
            System.out.print(safe.render());
            assertTrue(!safe.found(), safe::render);
        }
    }

    /** The figures of the closing note: time to find the racy steal over 20 seeds, per strategy and on real threads. */
    @Test
    @Tag("slow")
    @Timeout(600)
    void measureTimeToFind() {
        final Hunter hunter = new Hunter(runtime);
        hunter.hunt(new RacyStealTarget.Safe(), Hunter.Options.of(KernelModel.LINUX, 5000, 1)); // warm-up
        for (final Hunter.StrategyKind k : Hunter.StrategyKind.values()) {
            long schedules = 0;
            long nanos = 0;
            for (long seed = 1; seed <= 20; seed++) {
                final Hunter.Report r = hunter.hunt(new RacyStealTarget(),
                    Hunter.Options.of(KernelModel.LINUX, 10_000, seed * 1000).withStrategy(k));
                assertNotNull(r.found(), r::summary);
                schedules += r.found().schedule() + 1;
                nanos += r.found().timeToFind().toNanos();
            }
            System.out.printf("racy-steal, %s: mean %.1f schedules, %.2f ms to find%n", k.id(), schedules / 20.0,
                nanos / 20e6);
        }
        try (StressHunter stress = new StressHunter()) {
            stress.hunt(new RacyStealTarget.Safe(), new StressHunter.Options(KernelModel.LINUX, 5000, 1,
                Duration.ofSeconds(30))); // warm-up
            long first = 0;
            long nanos = 0;
            for (long seed = 1; seed <= 20; seed++) {
                final long t0 = System.nanoTime();
                final StressHunter.Report r = stress.hunt(new RacyStealTarget(),
                    new StressHunter.Options(KernelModel.LINUX, 2000, seed * 1000, Duration.ofSeconds(30)));
                assertTrue(r.found(), r::render);
                first += r.firstFoundAt() + 1;
                nanos += (long) ((System.nanoTime() - t0) * ((r.firstFoundAt() + 1) / (double) r.iterations()));
                if (seed == 1) {
                    System.out.print(r.render());
                }
            }
            System.out.printf("racy-steal, stress: first found at iteration %.1f on average, ~%.2f ms%n", first / 20.0,
                nanos / 20e6);
        }
    }
}
