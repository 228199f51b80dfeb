package org.splicelab.hunt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.splicelab.actors.deterministic.DeterministicRuntime;
import org.splicelab.protocols.KernelModel;

/**
 * Issue 10's measurement as a test that fails when a strategy's detection rate drops: the two-process
 * Dirty Pipe races (non-blocking and blocking pipe), hunted with PCT from 20 seeds of at most 1,000
 * schedules each, must be found with at least 19. Each seed's result is printed.
 */
class DetectionRateTest {
    private static final String FINDING = "violation(page-cache-written-through-pipe)";
    private static final int SEEDS = 20;
    private static DeterministicRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = new DeterministicRuntime();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    /** Hunts {@code resource} from seeds 1000, 2000, ...; returns the schedules each took (-1: not found). */
    private static List<Long> pct(final String resource, final long schedules) {
        final LitmusTarget target = LitmusTarget.load(HuntFiles.resource(resource));
        final List<Long> took = new ArrayList<>();
        for (int i = 1; i <= SEEDS; i++) {
            final long seed = i * 1000L;
            final Hunter.Report r = new Hunter(runtime).hunt(target, Hunter.Options.of(KernelModel.DIRTY_PIPE,
                schedules, seed));
            final boolean found = r.foundSomething() && r.found().outcome().findings().contains(FINDING);
            took.add(found ? r.found().schedule() + 1 : -1);
            System.out.printf("%s pct seed %d: %s (k=%d, n=%d)%n", target.name(), seed,
                found ? "found in schedule " + r.found().schedule() : "nothing in " + r.schedules() + " schedules",
                r.pctSteps(), r.chains());
        }
        final long hits = took.stream().filter(t -> t > 0).count();
        System.out.printf("%s: pct found it with %d of %d seeds, mean %.1f schedules to the first hit%n",
            target.name(), hits, SEEDS, took.stream().filter(t -> t > 0).mapToLong(Long::longValue).average().orElse(0));
        return took;
    }

    @Test
    @Timeout(120)
    void pctShouldFindTheNonBlockingDirtyPipeWithAlmostEverySeed() {
        final List<Long> took = pct("hunt/dirty-pipe-nonblocking.litmus", 1000);
        assertTrue(took.stream().filter(t -> t > 0).count() >= 19, took::toString);
    }

    @Test
    @Timeout(120)
    void pctShouldFindTheBlockingDirtyPipeWithAlmostEverySeed() {
        final List<Long> took = pct("hunt/dirty-pipe-two-processes.litmus", 1000);
        assertTrue(took.stream().filter(t -> t > 0).count() >= 19, took::toString);
    }
}
