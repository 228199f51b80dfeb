package org.splicelab.hunt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.splicelab.actors.deterministic.DeterministicRuntime;
import org.splicelab.protocols.KernelModel;

/**
 * A scenario hunt reports a deadlock: on the virtual clock the time limit comes only when no actor can
 * move, so a process still blocked in a call then can never be woken (a lost wake-up looks like this).
 */
class ScenarioDeadlockTest {
    /** Each process fills the pipe the other reads, then writes one page more before it reads: both block. */
    private static final String SCENARIO = """
        name = deadlock
        iterations = 1
        arena-frames = 256
        pipes { p { size = 64KiB }, q { size = 64KiB } }
        roles {
          a {
            loop = [
              { op = write, fd = p.w, len = 64KiB, fill = "a" }
              { op = write, fd = p.w, len = 4KiB, fill = "a" }
              { op = read,  fd = q.r, len = 64KiB }
            ]
          }
          b {
            loop = [
              { op = write, fd = q.w, len = 64KiB, fill = "b" }
              { op = write, fd = q.w, len = 4KiB, fill = "b" }
              { op = read,  fd = p.r, len = 64KiB }
            ]
          }
        }
        """;

    /** The same with each process reading before its second write: nothing blocks for ever. */
    private static final String BALANCED = """
        name = balanced
        iterations = 1
        arena-frames = 256
        pipes { p { size = 64KiB }, q { size = 64KiB } }
        roles {
          a {
            loop = [
              { op = write, fd = p.w, len = 64KiB, fill = "a" }
              { op = read,  fd = q.r, len = 64KiB }
              { op = write, fd = p.w, len = 4KiB, fill = "a" }
            ]
          }
          b {
            loop = [
              { op = write, fd = q.w, len = 64KiB, fill = "b" }
              { op = read,  fd = p.r, len = 64KiB }
              { op = write, fd = q.w, len = 4KiB, fill = "b" }
            ]
          }
        }
        """;

    @Test
    @Timeout(60)
    void shouldReportAProcessLeftBlockedWhenNothingElseCouldMoveAsADeadlock(@TempDir final Path dir) throws Exception {
        final Path file = Files.writeString(dir.resolve("deadlock.conf"), SCENARIO);
        try (DeterministicRuntime runtime = new DeterministicRuntime()) {
            final Hunter.Report r = new Hunter(runtime).hunt(ScenarioTarget.load(file.toString(), null),
                Hunter.Options.of(KernelModel.LINUX, 5, 1));
            assertTrue(r.foundSomething(), r::summary);
            assertEquals(0, r.found().schedule(), r::summary);
            assertTrue(r.found().outcome().findings().stream().anyMatch(f -> f.startsWith("deadlock: a-0, b-1 still blocked in "
                + "a call")), r.found().outcome().findings()::toString);
        }
    }

    @Test
    @Timeout(60)
    void shouldFindNothingWhenAReaderDrainsThePipe(@TempDir final Path dir) throws Exception {
        final Path file = Files.writeString(dir.resolve("balanced.conf"), BALANCED);
        try (DeterministicRuntime runtime = new DeterministicRuntime()) {
            final Hunter.Report r = new Hunter(runtime).hunt(ScenarioTarget.load(file.toString(), null),
                Hunter.Options.of(KernelModel.LINUX, 50, 1));
            assertTrue(r.found() == null, r::summary);
        }
    }
}
