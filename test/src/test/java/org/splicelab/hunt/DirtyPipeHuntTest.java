package org.splicelab.hunt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.splicelab.actors.deterministic.DeterministicRuntime;
import org.splicelab.protocols.KernelModel;

/**
 * The acceptance hunt: a two-process Dirty Pipe (one process fills, drains and writes a pipe, the other
 * splices one byte of a read-only file into it) is found under {@code dirty-pipe}, never under
 * {@code linux}, and its replay file reproduces the same violation, with the same trace, in a new JVM.
 */
class DirtyPipeHuntTest {
    private static final String FINDING = "violation(page-cache-written-through-pipe)";

    private static LitmusTarget target() {
        return LitmusTarget.load(HuntFiles.resource("hunt/dirty-pipe-two-processes.litmus"));
    }

    @Test
    @Timeout(120)
    void shouldFindTheRaceUnderDirtyPipeAndReplayItExactlyInANewJvm(@TempDir final Path out) {
        final Hunter.Found found = HuntAssertions.assertFinds(target(),
            Hunter.Options.of(KernelModel.DIRTY_PIPE, 2000, 1).withOutDir(out), FINDING);
        System.out.println("dirty-pipe found in schedule " + found.schedule() + " (seed " + found.seed() + ") after "
            + found.timeToFind().toMillis() + " ms; " + found.replayPath());
        assertTrue(Files.exists(found.replayPath()));
        assumeTrue(Files.exists(HuntFiles.launcherJar()), "the launcher jar is built in load-scenarios' package phase");
        final HuntFiles.Launched replay = HuntFiles.splicelab("replay", found.replayPath().toString());
        assertEquals(1, replay.exit(), replay.out());
        assertTrue(replay.out().contains("Reproduced: " + FINDING), replay.out());
        assertEquals(body(found.trace()), body(replay.out()), "the new JVM's trace differs from the hunter's");
    }

    /** The trace without its header line (which says how the schedule was obtained). */
    private static String body(final String trace) {
        final String t = trace.substring(trace.indexOf('\n') + 1);
        return t.substring(0, t.indexOf("Outcome:"));
    }

    @Test
    @Timeout(120)
    void shouldFindNothingUnderLinux() {
        final Hunter.Report r = HuntAssertions.assertNothingFound(target(), Hunter.Options.of(KernelModel.LINUX, 1000, 1));
        System.out.println(r.summary());
    }

    @Test
    @Timeout(120)
    void shouldShrinkTheScheduleToOneThatStillFindsIt() {
        try (DeterministicRuntime runtime = new DeterministicRuntime()) {
            final Hunter.Report r = new Hunter(runtime).hunt(target(), Hunter.Options.of(KernelModel.DIRTY_PIPE, 2000, 1));
            final Shrinker.Result s = new Shrinker(runtime, target(), KernelModel.DIRTY_PIPE, 3000)
                .shrink(r.found().decisions(), FINDING);
            System.out.println("shrunk " + s.original().size() + " decisions (" + s.nonDefault(s.original())
                + " not first) to " + s.shrunk().size() + " (" + s.nonDefault(s.shrunk()) + ") in " + s.runs() + " runs");
            // the hunt's schedule preempts more than the race needs: the shrinker must remove some of it
            assertTrue(s.nonDefault(s.shrunk()) < s.nonDefault(s.original()), s.original() + " -> " + s.shrunk());
            assertTrue(s.shrunk().size() < s.original().size(), s.original() + " -> " + s.shrunk());
            final Replayer.Replayed again = Replayer.replay(runtime, target(), KernelModel.DIRTY_PIPE, s.shrunk(), true);
            assertTrue(again.reproduces(List.of(FINDING)), again.outcome()::toString);
            final long before = body(r.found().trace()).lines().count();
            final long after = body(Replayer.render(target(), KernelModel.DIRTY_PIPE, "shrunk", again)).lines().count();
            System.out.println("trace " + before + " -> " + after + " lines");
            // the same calls run in both (the race needs all of them), so the trace cannot lose a line here; the
            // decisions above are what must shrink strictly
            assertTrue(after <= before, before + " -> " + after);
        }
    }

    /** The figures of the closing note: time to find over 20 seeds per strategy, throughput under linux. */
    @Test
    @Tag("slow")
    @Timeout(600)
    void measureTimeToFindAndThroughput() {
        try (DeterministicRuntime runtime = new DeterministicRuntime()) {
            final Hunter hunter = new Hunter(runtime);
            hunter.hunt(target(), Hunter.Options.of(KernelModel.LINUX, 2000, 1000)); // warm-up
            for (final Hunter.StrategyKind k : Hunter.StrategyKind.values()) {
                long schedules = 0;
                long nanos = 0;
                int found = 0;
                for (long seed = 1; seed <= 20; seed++) {
                    final Hunter.Report r = hunter.hunt(target(),
                        Hunter.Options.of(KernelModel.DIRTY_PIPE, 20_000, seed * 100_000).withStrategy(k));
                    if (r.found() != null) {
                        found++;
                        schedules += r.found().schedule() + 1;
                        nanos += r.found().timeToFind().toNanos();
                    }
                }
                System.out.printf("dirty-pipe, %s: found with %d of 20 seeds; mean %.1f schedules, %.1f ms to find%n",
                    k.id(), found, schedules / (double) Math.max(1, found), nanos / 1e6 / Math.max(1, found));
            }
            final Hunter.Report linux = hunter.hunt(target(), Hunter.Options.of(KernelModel.LINUX, 20_000, 1));
            System.out.println(linux.summary());
            assertEquals(null, linux.found());
        }
    }
}
