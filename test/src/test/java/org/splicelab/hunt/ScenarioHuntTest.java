package org.splicelab.hunt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.splicelab.actors.deterministic.DeterministicRuntime;
import org.splicelab.protocols.KernelModel;

/**
 * Scenario targets (issue 6, "TARGET is a litmus file or a scenario"): {@code ./splicelab hunt dirty-pipe
 * --model dirty-pipe} finds the Dirty Pipe write and its replay file reproduces it, with the same trace,
 * in a new JVM; under {@code linux} nothing is found; a scenario file whose violation needs a race
 * (shared-pipe-race.conf) is found by PCT, replayed and shrunk in a new JVM.
 */
class ScenarioHuntTest {
    private static final String FINDING = "violation(page-cache-written-through-pipe)";

    private static ScenarioTarget race() {
        return ScenarioTarget.load(HuntFiles.resource("hunt/shared-pipe-race.conf").toString(), null);
    }

    @Test
    @Timeout(120)
    void shouldFindTheBuiltInDirtyPipeWithTheCommandAndReplayItInANewJvm(@TempDir final Path out) {
        assumeTrue(Files.exists(HuntFiles.launcherJar()), "the launcher jar is built in load-scenarios' package phase");
        final HuntFiles.Launched hunt = HuntFiles.splicelab("hunt", "dirty-pipe", "--model", "dirty-pipe", "--seed", "1",
            "--out", out.toString());
        assertEquals(1, hunt.exit(), hunt.out());
        assertTrue(hunt.out().contains("VIOLATION page-cache-written-through-pipe"), hunt.out());
        final Matcher m = Pattern.compile("Replay file: (\\S+)").matcher(hunt.out());
        assertTrue(m.find(), hunt.out());
        final Path replay = Path.of(m.group(1));
        final ReplayFile file = ReplayFile.read(replay);
        assertEquals("scenario", file.targetKind());
        assertEquals("scenario:dirty-pipe", file.target());
        assertEquals(ScenarioTarget.load("dirty-pipe", null).checksum(), file.checksum());
        assertEquals("3", file.targetParameters().get(ScenarioTarget.LOOP_ITERATIONS));
        assertTrue(file.findings().contains(FINDING), file.findings()::toString);

        final HuntFiles.Launched again = HuntFiles.splicelab("replay", replay.toString());
        assertEquals(1, again.exit(), again.out());
        assertTrue(again.out().contains("Reproduced: " + FINDING), again.out());
        assertEquals(body(hunt.out()), body(again.out()), "the replaying JVM's trace differs from the hunting JVM's");
    }

    @Test
    @Timeout(120)
    void shouldFindNothingInTheBuiltInDirtyPipeUnderLinux() {
        final Hunter.Report r = HuntAssertions.assertNothingFound(ScenarioTarget.load("dirty-pipe", null),
            Hunter.Options.of(KernelModel.LINUX, 50, 1));
        System.out.println(r.summary());
        assertEquals(50, r.schedules());
    }

    @Test
    @Timeout(120)
    void shouldFindARaceInAScenarioFileThenReplayAndShrinkItInANewJvm(@TempDir final Path out) {
        final Hunter.Found found = HuntAssertions.assertFinds(race(),
            Hunter.Options.of(KernelModel.DIRTY_PIPE, 2000, 1).withOutDir(out), FINDING);
        System.out.println("shared-pipe-race found in schedule " + found.schedule() + " (seed " + found.seed()
            + ") after " + found.timeToFind().toMillis() + " ms; " + found.replayPath());
        assertTrue(found.replay().target().startsWith("scenario:/"), found.replay().target());
        assertTrue(found.decisions().stream().anyMatch(d -> d.chosen() != 0), "a race, not the canonical schedule");
        try (DeterministicRuntime runtime = new DeterministicRuntime()) {
            final Replayer.Replayed canonical = Replayer.replay(runtime, race(), KernelModel.DIRTY_PIPE, List.of(), false);
            assertTrue(!canonical.outcome().found(), "the canonical schedule finds it: this is no race");
        }
        assumeTrue(Files.exists(HuntFiles.launcherJar()), "the launcher jar is built in load-scenarios' package phase");
        final HuntFiles.Launched shrunk = HuntFiles.splicelab("replay", found.replayPath().toString(), "--shrink");
        assertEquals(1, shrunk.exit(), shrunk.out());
        assertTrue(shrunk.out().contains("Reproduced: " + FINDING), shrunk.out());
        assertEquals(body(found.trace()), body(shrunk.out()), "the new JVM's trace differs from the hunter's");
        assertTrue(shrunk.out().contains("Shrunk " + FINDING), shrunk.out());
        final Matcher m = Pattern.compile("Shrunk replay file: (\\S+)").matcher(shrunk.out());
        assertTrue(m.find(), shrunk.out());
        final ReplayFile min = ReplayFile.read(Path.of(m.group(1)));
        assertTrue(min.decisions().size() < found.decisions().size(), found.decisions() + " -> " + min.decisions());
        try (DeterministicRuntime runtime = new DeterministicRuntime()) {
            final HuntTarget target = Replayer.resolve(min.target(), min.targetParameters(), Path.of(m.group(1)));
            final Replayer.Replayed r = Replayer.replay(runtime, target, KernelModel.DIRTY_PIPE, min.decisions(), true);
            assertNull(r.divergence());
            assertTrue(r.reproduces(List.of(FINDING)), r.outcome()::toString);
        }
    }

    /** The trace without its header line (which says how the schedule was obtained). */
    private static String body(final String output) {
        final String t = output.substring(output.indexOf("Trace of"));
        final String afterHeader = t.substring(t.indexOf('\n') + 1);
        return afterHeader.substring(0, afterHeader.indexOf("Outcome:"));
    }

    /** The figures of the closing note: throughput and time to find, scenario targets. */
    @Test
    @Tag("slow")
    @Timeout(900)
    void measureScenarioHuntThroughputAndTimeToFind() {
        try (DeterministicRuntime runtime = new DeterministicRuntime()) {
            final Hunter hunter = new Hunter(runtime);
            final ScenarioTarget dirtyPipe = ScenarioTarget.load("dirty-pipe", null);
            hunter.hunt(dirtyPipe, Hunter.Options.of(KernelModel.LINUX, 2000, 1000)); // warm-up
            final Hunter.Report linux = hunter.hunt(dirtyPipe, Hunter.Options.of(KernelModel.LINUX, 5000, 1));
            System.out.println(linux.summary());
            assertNull(linux.found());
            final Hunter.Report raceLinux = hunter.hunt(race(), Hunter.Options.of(KernelModel.LINUX, 5000, 1));
            System.out.println(raceLinux.summary());
            assertNull(raceLinux.found());
            for (final ScenarioTarget t : List.of(dirtyPipe, race())) {
                for (final Hunter.StrategyKind k : Hunter.StrategyKind.values()) {
                    long schedules = 0;
                    long nanos = 0;
                    int found = 0;
                    for (long seed = 1; seed <= 20; seed++) {
                        final Hunter.Report r = hunter.hunt(t,
                            Hunter.Options.of(KernelModel.DIRTY_PIPE, 5000, seed * 100_000).withStrategy(k));
                        if (r.found() != null) {
                            found++;
                            schedules += r.found().schedule() + 1;
                            nanos += r.found().timeToFind().toNanos();
                        }
                    }
                    System.out.printf("%s, %s: found with %d of 20 seeds; mean %.1f schedules, %.1f ms to find%n",
                        t.name(), k.id(), found, schedules / (double) Math.max(1, found),
                        nanos / 1e6 / Math.max(1, found));
                }
            }
        }
    }
}
