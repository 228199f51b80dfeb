package org.splicelab.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.splicelab.actors.Simulator;
import org.splicelab.litmus.LitmusRunner;
import org.splicelab.memory.Violation;
import org.splicelab.protocols.KernelModel;

/**
 * The same litmus tests under every implemented kernel model (`--all-models`): each model's conditions
 * hold, and no violation or leak occurs except the one the dirty-pipe model exists to show.
 */
class KernelModelsTest {
    private static Simulator simulator;

    @BeforeAll
    static void start() {
        simulator = new Simulator();
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    private static Path file(final String name) {
        return LitmusSuite.files("models").stream().filter(p -> p.getFileName().toString().equals(name))
            .findFirst().orElseThrow();
    }

    @TestFactory
    Stream<DynamicTest> everyModelTestPassesUnderEveryModel() {
        final List<DynamicTest> tests = new ArrayList<>();
        for (final Path f : LitmusSuite.files("models")) {
            for (final KernelModel m : KernelModel.designs()) {
                tests.add(DynamicTest.dynamicTest(f.getFileName() + " under " + m.id(), () -> {
                    final LitmusRunner.Outcome o = LitmusSuite.run(simulator, f, m);
                    assertFalse(o.verdicts().isEmpty());
                    assertTrue(o.ok(), () -> LitmusSuite.describe(o));
                    final boolean dirtyPipeShow = m == KernelModel.DIRTY_PIPE
                        && f.getFileName().toString().equals("dirty-pipe.litmus");
                    for (final LitmusRunner.StateCount s : o.states()) {
                        if (!dirtyPipeShow) {
                            assertTrue(s.state().violations().isEmpty(), () -> LitmusSuite.describe(o));
                        } else {
                            assertEquals(java.util.Set.of(Violation.PAGE_CACHE_WRITTEN_THROUGH_PIPE.id()),
                                s.state().violations());
                        }
                    }
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void shouldRefillThePageCacheAfterAPrivatePagesSteal() {
        final LitmusRunner.Outcome steal = LitmusSuite.run(simulator, file("steal-then-refill.litmus"),
            KernelModel.PRIVATE_PAGES);
        assertEquals(1L, steal.stats().get("steals-succeeded"), steal.stats().toString());
        assertEquals(1L, steal.stats().get("refills-after-steal"), steal.stats().toString());
        assertEquals(0L, steal.stats().get("bytes-copied"), "the page was moved, not copied (reads are deliveries)");
        final LitmusRunner.Outcome linux = LitmusSuite.run(simulator, file("steal-then-refill.litmus"),
            KernelModel.LINUX);
        assertEquals(0L, linux.stats().get("steals-tried"));
        assertEquals(0L, linux.stats().get("refills-after-steal"));
    }

    @Test
    void shouldCountPostSpliceChangesOnlyWhereReadersSeeThem() {
        final Path f = file("overwrite-after-splice.litmus");
        assertEquals(1L, LitmusSuite.run(simulator, f, KernelModel.LINUX).stats().get("post-splice-changes"));
        assertEquals(0L, LitmusSuite.run(simulator, f, KernelModel.PRIVATE_PAGES).stats().get("post-splice-changes"));
        assertEquals(0L, LitmusSuite.run(simulator, f, KernelModel.COPY).stats().get("post-splice-changes"));
    }

    @Test
    void shouldStealAGiftedPageOnlyTheMappingHoldsAndCopyThePlainOne() {
        final LitmusRunner.Outcome o = LitmusSuite.run(simulator, file("vmsplice-then-store.litmus"),
            KernelModel.PRIVATE_PAGES);
        assertEquals(1L, o.stats().get("steals-tried"));
        assertEquals(1L, o.stats().get("steals-succeeded"), "the gifted page: mapping + vmsplice, frozen at 2");
        assertEquals(4096L, o.stats().get("bytes-by-reference"), "the stolen page moves without a copy");
        assertEquals(4096L, o.stats().get("bytes-copied"), "the plain page is copied");
    }

    @Test
    void shouldStealTheGiftBecauseASiblingsVmspliceOnlyCopied() {
        final LitmusRunner.Outcome o = LitmusSuite.run(simulator, file("vmsplice-gift-while-sibling-holds.litmus"),
            KernelModel.PRIVATE_PAGES);
        assertTrue(o.ok(), () -> LitmusSuite.describe(o));
        assertEquals(o.stats().get("steals-tried"), o.stats().get("steals-succeeded"), () -> "stats " + o.stats());
        assertEquals(0L, o.stats().get("steal-failed-shared"), () -> "stats " + o.stats());
    }

    @Test
    void shouldRefuseToStealASocketsPageUnderPrivatePagesAndCopyIt() {
        final Path f = file("socket-pages-never-stolen.litmus");
        final LitmusRunner.Outcome priv = LitmusSuite.run(simulator, f, KernelModel.PRIVATE_PAGES);
        assertTrue(priv.ok(), () -> LitmusSuite.describe(priv));
        assertEquals(1L, priv.stats().get("steals-tried"), () -> "stats " + priv.stats());
        assertEquals(1L, priv.stats().get("steal-failed-socket"), () -> "the unix fragment: " + priv.stats());
        assertEquals(0L, priv.stats().get("steals-succeeded"), () -> "stats " + priv.stats());
        final LitmusRunner.Outcome linux = LitmusSuite.run(simulator, f, KernelModel.LINUX);
        assertEquals(0L, linux.stats().get("steals-tried"), () -> "stats " + linux.stats());
        assertEquals(0L, linux.stats().get("steal-failed-socket"), () -> "stats " + linux.stats());
    }
}
