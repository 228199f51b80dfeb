package org.splicelab.hunt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.splicelab.actors.deterministic.Decision;
import org.splicelab.actors.deterministic.DeterministicRuntime;
import org.splicelab.protocols.KernelModel;

/**
 * Issue 10 part 2: memory-level choice points. The shipped racy models' mistakes live inside one actor
 * step (a pipe's lookup racing another pipe's steal; a sibling thread's vmsplice racing a gift; a lookup
 * racing a truncate), so a deterministic hunt that only interleaves whole steps cannot see them. With
 * memory points (on by default for the racy models) PCT finds each, the replay file reproduces it in a
 * new JVM, the shrinker shortens it, and the correct design gives nothing in the same number of
 * schedules. The detection rates over 20 seeds are measured by {@link #measureDetectionRates} ({@code -Pstress}).
 */
class MemoryPointsHuntTest {
    private static final String STOLEN = "violation(stolen-while-shared)";
    private static final String STALE = "violation(stale-page-cache-lookup)";
    private static DeterministicRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = new DeterministicRuntime();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private static LitmusTarget litmus(final String resource) {
        return LitmusTarget.load(HuntFiles.resource(resource));
    }

    private static Hunter.Report hunt(final HuntTarget target, final Hunter.Options o) {
        final Hunter.Report r = new Hunter(runtime).hunt(target, o);
        System.out.println(r.summary());
        return r;
    }

    @Test
    @Timeout(180)
    void pctFindsAPipeLookupRacingARacyStealReplaysItInANewJvmAndShrinksIt(@TempDir final Path out) {
        final LitmusTarget target = litmus("hunt/steal-vs-lookup.litmus");
        final Hunter.Options o = Hunter.Options.of(KernelModel.PRIVATE_PAGES_RACY, 3000, 1).withOutDir(out);
        assertTrue(o.memoryPointsOn(), "on by default for a racy model");
        final Hunter.Report r = hunt(target, o);
        assertTrue(r.foundSomething(), r::summary);
        assertTrue(r.found().outcome().findings().contains(STOLEN), r::summary);
        assertTrue(r.found().replay().memoryPoints());
        assertTrue(r.found().decisions().stream().anyMatch(d -> d.kind() == Decision.Kind.MEMORY && d.chosen() > 0),
            "a step was suspended at a memory point");
        assertTrue(r.found().trace().contains("claimExclusive") && r.found().trace().contains("<unfinished ...>"),
            r.found().trace());

        final Shrinker.Result s = new Shrinker(runtime, target, KernelModel.PRIVATE_PAGES_RACY, 2000, true)
            .shrink(r.found().decisions(), STOLEN);
        System.out.printf("shrunk %d decisions (%d not the first) -> %d (%d) in %d runs%n", s.original().size(),
            s.nonDefault(s.original()), s.shrunk().size(), s.nonDefault(s.shrunk()), s.runs());
        assertTrue(s.shrunk().size() < s.original().size(), () -> s.original() + " -> " + s.shrunk());
        final Replayer.Replayed min = Replayer.replay(runtime, target, KernelModel.PRIVATE_PAGES_RACY, s.shrunk(), true,
            true);
        assertNull(min.divergence());
        assertTrue(min.reproduces(List.of(STOLEN)), min.outcome()::toString);

        assumeTrue(Files.exists(HuntFiles.launcherJar()), "the launcher jar is built in load-scenarios' package phase");
        final HuntFiles.Launched again = HuntFiles.splicelab("replay", r.found().replayPath().toString());
        assertEquals(1, again.exit(), again.out());
        assertTrue(again.out().contains("Reproduced: " + STOLEN), again.out());
        assertEquals(body(r.found().trace()), body(again.out()), "the new JVM's trace differs from the hunter's");
    }

    /** The trace from its first line on, without the header that says how the schedule was run. */
    private static String body(final String text) {
        final int from = text.indexOf("    #  proc");
        final int to = text.indexOf("Found:");
        return from < 0 || to < 0 ? text : text.substring(from, to);
    }

    @Test
    @Timeout(180)
    void theFreezingStealGivesNothingInTheSameSchedulesAndWholeStepsCannotSeeTheRacyOne() {
        final LitmusTarget target = litmus("hunt/steal-vs-lookup.litmus");
        HuntAssertions.assertNothingFound(target, Hunter.Options.of(KernelModel.PRIVATE_PAGES, 3000, 1)
            .withMemoryPoints(true));
        HuntAssertions.assertNothingFound(target, Hunter.Options.of(KernelModel.PRIVATE_PAGES_RACY, 1000, 1)
            .withMemoryPoints(false));
    }

    @Test
    @Timeout(180)
    void pctFindsASendfileLookupRacingARacyStealWithOnePreemptionAndNothingUnderTheFreeze() {
        final LitmusTarget target = litmus("hunt/steal-vs-sendfile.litmus");
        final Hunter.Found f = HuntAssertions.assertFinds(target, Hunter.Options.of(KernelModel.PRIVATE_PAGES_RACY,
            1000, 1), STOLEN);
        assertTrue(f.replay().memoryPoints());
        HuntAssertions.assertNothingFound(target, Hunter.Options.of(KernelModel.PRIVATE_PAGES, 1000, 1)
            .withMemoryPoints(true));
    }

    @Test
    @Timeout(180)
    void aLookupWithoutItsReCheckRacingATruncateIsFoundAndTheKernelsLookupIsNot() {
        final LitmusTarget target = litmus("hunt/truncate-vs-lookup.litmus");
        final Hunter.Found f = HuntAssertions.assertFinds(target, Hunter.Options.of(KernelModel.LOOKUP_NO_RECHECK, 2000,
            1), STALE);
        assertTrue(f.replay().memoryPoints());
        HuntAssertions.assertNothingFound(target, Hunter.Options.of(KernelModel.LINUX, 2000, 1).withMemoryPoints(true));
    }

    @Test
    @Timeout(180)
    void aSiblingThreadsVmspliceRacingAGiftIsFoundInAScenarioAndNotUnderTheFreeze() {
        final ScenarioTarget target = ScenarioTarget.load("threads-gift", null);
        HuntAssertions.assertFinds(target, Hunter.Options.of(KernelModel.PRIVATE_PAGES_RACY, 1000, 1), STOLEN);
        HuntAssertions.assertNothingFound(target, Hunter.Options.of(KernelModel.PRIVATE_PAGES, 1000, 1)
            .withMemoryPoints(true));
    }

    @Test
    @Timeout(180)
    void uniformRandomChoicesAtMemoryPointsFindTheGiftRaceOfTheModelSuiteAndTheWebServersSteal() {
        final Hunter.Options random = Hunter.Options.of(KernelModel.PRIVATE_PAGES_RACY, 500, 1)
            .withStrategy(Hunter.StrategyKind.RANDOM);
        HuntAssertions.assertFinds(litmus("models/vmsplice-gift-vs-sibling-vmsplice.litmus"), random, STOLEN);
        HuntAssertions.assertFinds(ScenarioTarget.load("webserver-sendfile", null), random.withSchedules(50), STOLEN);
    }

    /**
     * The figures of docs/benchmarks.md: per target and strategy, over seeds 1000, 2000, ... 20000, the
     * seeds that found the racy model's violation, the mean schedules to the first hit, and schedules/s;
     * then the correct design with the same budget, with and without memory points.
     */
    @Test
    @Tag("slow")
    @Timeout(3600)
    void measureDetectionRates() {
        record Case(String name, HuntTarget target, KernelModel racy, KernelModel design, String finding, long budget) {
        }
        final List<Case> cases = List.of(
            new Case("steal-vs-lookup.litmus", litmus("hunt/steal-vs-lookup.litmus"), KernelModel.PRIVATE_PAGES_RACY,
                KernelModel.PRIVATE_PAGES, STOLEN, 5000),
            new Case("steal-vs-sendfile.litmus", litmus("hunt/steal-vs-sendfile.litmus"),
                KernelModel.PRIVATE_PAGES_RACY, KernelModel.PRIVATE_PAGES, STOLEN, 5000),
            new Case("truncate-vs-lookup.litmus", litmus("hunt/truncate-vs-lookup.litmus"), KernelModel.LOOKUP_NO_RECHECK,
                KernelModel.LINUX, STALE, 5000),
            new Case("vmsplice-gift-vs-sibling-vmsplice.litmus", litmus("models/vmsplice-gift-vs-sibling-vmsplice.litmus"),
                KernelModel.PRIVATE_PAGES_RACY, KernelModel.PRIVATE_PAGES, STOLEN, 5000),
            new Case("threads-gift", ScenarioTarget.load("threads-gift", null), KernelModel.PRIVATE_PAGES_RACY,
                KernelModel.PRIVATE_PAGES, STOLEN, 3000),
            new Case("webserver-sendfile", ScenarioTarget.load("webserver-sendfile", null),
                KernelModel.PRIVATE_PAGES_RACY, KernelModel.PRIVATE_PAGES, STOLEN, 1000));
        hunt(cases.get(0).target(), Hunter.Options.of(KernelModel.PRIVATE_PAGES, 2000, 1).withMemoryPoints(true));
        final List<String> lines = new ArrayList<>();
        for (final Case c : cases) {
            for (final Hunter.StrategyKind k : Hunter.StrategyKind.values()) {
                int found = 0;
                long schedules = 0;
                long nanos = 0;
                long ran = 0;
                long ranNanos = 0;
                for (int i = 1; i <= 20; i++) {
                    final Hunter.Report r = new Hunter(runtime).hunt(c.target(),
                        Hunter.Options.of(c.racy(), c.budget(), i * 1000L).withStrategy(k));
                    ran += r.schedules();
                    ranNanos += r.elapsed().toNanos();
                    if (r.foundSomething() && r.found().outcome().findings().contains(c.finding())) {
                        found++;
                        schedules += r.found().schedule() + 1;
                        nanos += r.found().timeToFind().toNanos();
                    }
                    System.out.printf("%s %s %s seed %d: %s%n", c.name(), c.racy().id(), k.id(), i * 1000L,
                        r.foundSomething() ? "found in schedule " + r.found().schedule() : "nothing in " + r.schedules());
                }
                lines.add(String.format("%s under %s, %s (at most %d): found with %d of 20 seeds; mean %.1f schedules, "
                        + "%.1f ms to the first hit; %.0f schedules/s", c.name(), c.racy().id(), k.id(), c.budget(), found,
                    schedules / (double) Math.max(1, found), nanos / 1e6 / Math.max(1, found), ran / (ranNanos / 1e9)));
            }
            for (final boolean points : new boolean[] {true, false}) {
                final Hunter.Report d = new Hunter(runtime).hunt(c.target(),
                    Hunter.Options.of(c.design(), c.budget(), 1).withMemoryPoints(points));
                lines.add(String.format("%s under %s, pct, memory points %s: %s in %d schedules, %.0f schedules/s, "
                        + "%.1f choices per schedule", c.name(), c.design().id(), points ? "on" : "off",
                    d.found() == null ? "nothing" : String.join(", ", d.found().outcome().findings()), d.schedules(),
                    d.schedulesPerSecond(), d.decisions() / (double) Math.max(1, d.schedules())));
            }
        }
        lines.forEach(System.out::println);
    }
}
