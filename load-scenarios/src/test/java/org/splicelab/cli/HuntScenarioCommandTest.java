package org.splicelab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code splicelab hunt SCENARIO}: scenario targets, their replay files, bad input, and --stress. */
class HuntScenarioCommandTest {
    /** Dirty Pipe as a race between two processes that share a pipe. */
    private static final String RACE = """
        name = shared-pipe-race
        seed = 1
        duration = 10s
        arena-frames = 2048
        files { target { size = 8KiB, fill = "T" } }
        pipes { p { size = 64KiB } }
        roles {
          filler {
            loop = [
              { op = write, fd = p.w, len = 52KiB, fill = "x" }
              { op = read,  fd = p.r, len = 64KiB }
              { op = write, fd = p.w, len = 5, fill = "P" }
              { op = read,  fd = p.r, len = 64KiB }
            ]
          }
          splicer {
            loop = [ { op = splice, in = target, out = p.w, len = 1, offset = 99 } ]
          }
        }
        """;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine cl = SplicelabCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        final int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void shouldRefuseAScenarioWithABadKeyNamingFileAndLine(@TempDir final Path dir) throws IOException {
        final Path bad = Files.writeString(dir.resolve("bad.conf"), RACE.replace("arena-frames", "arena-frame"));
        final Run r = run("hunt", bad.toString(), "--model", "dirty-pipe");
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(bad + ":4: 'arena-frame': expected a key of the top level"), r.err());
        final Run unknown = run("hunt", "no-such-scenario");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("not a built-in scenario (one of webserver-sendfile"), unknown.err());
        final Path litmus = Files.writeString(dir.resolve("t.litmus"), "litmus t\n");
        final Run wrong = run("hunt", litmus.toString(), "--loop-iterations", "2");
        assertEquals(2, wrong.exit());
        assertTrue(wrong.err().contains("--loop-iterations applies to scenario targets only"), wrong.err());
        assertEquals(2, run("hunt", "dirty-pipe", "--loop-iterations", "0").exit());
    }

    @Test
    @Timeout(120)
    void shouldHuntAScenarioFileThenReplayAndShrinkIt(@TempDir final Path dir) throws IOException {
        final Path scenario = Files.writeString(dir.resolve("race.conf"), RACE);
        final Path out = dir.resolve("replays");
        final Run hunt = run("hunt", scenario.toString(), "--model", "dirty-pipe", "--loop-iterations", "2", "--seed", "1",
            "--out", out.toString());
        assertEquals(1, hunt.exit(), hunt.out() + hunt.err());
        assertTrue(hunt.out().contains("2 loop iterations per process"), hunt.out());
        assertTrue(hunt.out().contains("VIOLATION page-cache-written-through-pipe"), hunt.out());
        final Path replay;
        try (Stream<Path> s = Files.list(out)) {
            replay = s.filter(p -> p.toString().endsWith(".replay")).findFirst().orElseThrow();
        }
        final String text = Files.readString(replay);
        assertTrue(text.contains("target-kind = \"scenario\"") && text.contains("\"loop-iterations\" = \"2\""), text);
        final Run again = run("replay", replay.toString(), "--quiet");
        assertEquals(1, again.exit(), again.out() + again.err());
        assertTrue(again.out().contains("Reproduced: violation(page-cache-written-through-pipe)"), again.out());
        assertTrue(again.err().isEmpty(), again.err());
        final Run shrunk = run("replay", replay.toString(), "--shrink", "--quiet");
        assertEquals(1, shrunk.exit(), shrunk.out() + shrunk.err());
        final Path min = Path.of(shrunk.out().substring(shrunk.out().indexOf("Shrunk replay file: ") + 20).trim());
        final Run minimal = run("replay", min.toString(), "--quiet");
        assertEquals(1, minimal.exit(), minimal.out() + minimal.err());
        assertTrue(minimal.err().isEmpty(), minimal.err());

        // the same scenario under linux: nothing in 100 schedules
        final Run linux = run("hunt", scenario.toString(), "--model", "linux", "--loop-iterations", "2", "--seed", "1",
            "--schedules", "100", "--out", out.toString());
        assertEquals(0, linux.exit(), linux.out() + linux.err());
        assertTrue(linux.out().contains("100 schedules") && linux.out().contains("Found nothing."), linux.out());
    }

    @Test
    @Timeout(120)
    void shouldStressAScenarioOnRealThreadsAndReportTheSeed(@TempDir final Path dir) {
        final Run linux = run("hunt", "dirty-pipe", "--stress", "--model", "linux", "--seed", "5", "--iterations", "20");
        assertEquals(0, linux.exit(), linux.out() + linux.err());
        assertTrue(linux.out().contains("seed 5") && linux.out().contains("20 iterations")
            && linux.out().contains("ACCEPTABLE"), linux.out());
        final Run dirty = run("hunt", "dirty-pipe", "--stress", "--model", "dirty-pipe", "--seed", "5", "--iterations",
            "5", "--out", dir.toString());
        assertEquals(1, dirty.exit(), dirty.out() + dirty.err());
        assertTrue(dirty.out().contains("FORBIDDEN") && dirty.out().contains("Found in 5 of 5 iterations"), dirty.out());
        assertTrue(dirty.out().contains("Replay file: "), dirty.out());
    }

    /** Iterations whose processes get stuck (a pipe no one will write) end after about a second, not 10 s. */
    @Test
    @Timeout(20)
    void shouldEndStuckStressIterationsAfterTheShortTimeLimit(@TempDir final Path dir) throws IOException {
        final Path scenario = Files.writeString(dir.resolve("race.conf"), RACE);
        final Run linux = run("hunt", scenario.toString(), "--stress", "--model", "linux", "--seed", "3",
            "--iterations", "2");
        assertEquals(0, linux.exit(), linux.out() + linux.err());
        assertTrue(linux.out().contains("2 iterations") && linux.out().contains("ACCEPTABLE"), linux.out());
    }
}
