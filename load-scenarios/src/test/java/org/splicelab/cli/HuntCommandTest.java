package org.splicelab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/** {@code splicelab hunt} and {@code splicelab replay}: exit codes, replay files, shrinking. */
class HuntCommandTest {
    private static final String DIRTY_PIPE_RACE = """
        litmus race
        file f size=8192 fill=A mode=ro
        pipe p
        process P0 {
          repeat 16 {
            write p 'x'*4096
          }
          repeat 16 {
            read p 4096
          }
          r1 = write p "PWNED"
        }
        process P1 {
          r0 = splice f@99 -> p 1
        }
        [linux] forbid violation(page-cache-written-through-pipe)
        """;

    /** A pipe lookup racing a racy steal inside two pipes' steps (test/.../hunt/steal-vs-lookup.litmus). */
    private static final String STEAL_VS_LOOKUP = """
        litmus steal-vs-lookup
        file f size=4096 fill=A
        pipe p
        pipe q
        process P0 {
          r0 = splice f@0 -> p 4096
          r1 = read p 4096
        }
        process P1 {
          r2 = splice f@0 -> q 4096
          r3 = read q 4096
        }
        [private-pages] forbid violation(stolen-while-shared)
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
    void shouldSayInItsHelpThatTargetsAreLitmusFilesOrScenarios() {
        final Run r = run("hunt", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().replaceAll("\\s+", " ").contains("TARGET is a .litmus file or a scenario"), r.out());
        assertTrue(r.out().contains("--loop-iterations"), r.out());
    }

    @Test
    void shouldRefuseATargetThatIsNeitherALitmusFileNorAScenario(@TempDir final Path dir) {
        final Run r = run("hunt", dir.resolve("x.conf").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("x.conf: no such scenario file, and not a built-in scenario"), r.err());
        assertEquals(2, run("replay", dir.resolve("missing.replay").toString()).exit());
    }

    @Test
    @Timeout(120)
    void shouldFindWriteReplayAndShrink(@TempDir final Path dir) throws IOException {
        final Path test = Files.writeString(dir.resolve("race.litmus"), DIRTY_PIPE_RACE);
        final Path out = dir.resolve("replays");
        final Run hunt = run("hunt", test.toString(), "--model", "dirty-pipe", "--seed", "1", "--out", out.toString());
        assertEquals(1, hunt.exit(), hunt.out() + hunt.err());
        assertTrue(hunt.out().contains("refcount") && hunt.out().contains("VIOLATION page-cache-written-through-pipe"),
            hunt.out());
        final Path replay;
        try (Stream<Path> s = Files.list(out)) {
            replay = s.filter(p -> p.toString().endsWith(".replay")).findFirst().orElseThrow();
        }
        final Run again = run("replay", replay.toString(), "--quiet");
        assertEquals(1, again.exit(), again.out() + again.err());
        assertTrue(again.out().contains("Reproduced: violation(page-cache-written-through-pipe)"), again.out());
        final Run seeded = run("replay", replay.toString(), "--quiet", "--from-seed");
        assertTrue(seeded.out().contains("Reproduced"), seeded.out() + seeded.err());
        final Run shrunk = run("replay", replay.toString(), "--shrink", "--quiet");
        assertEquals(1, shrunk.exit(), shrunk.out() + shrunk.err());
        assertTrue(shrunk.out().contains("Shrunk violation(page-cache-written-through-pipe)"), shrunk.out());
        final Path min = Path.of(shrunk.out().substring(shrunk.out().indexOf("Shrunk replay file: ") + 20).trim());
        final Run minimal = run("replay", min.toString(), "--quiet");
        assertEquals(1, minimal.exit(), minimal.out() + minimal.err());
        assertTrue(minimal.err().isEmpty(), minimal.err());
    }

    @Test
    @Timeout(120)
    void shouldNameTheReplayFileAfterTheHuntsSeedSoThatTheReadmeSequenceWorks(@TempDir final Path dir)
        throws IOException {
        final Path test = Files.writeString(dir.resolve("race.litmus"), DIRTY_PIPE_RACE);
        final Path out = dir.resolve("replays");
        final Run hunt = run("hunt", test.toString(), "--model", "dirty-pipe", "--seed", "1", "--out", out.toString(),
            "--quiet");
        assertEquals(1, hunt.exit(), hunt.out() + hunt.err());
        final Path replay = out.resolve("race-1.replay");
        assertTrue(hunt.out().contains("Replay file: " + replay), hunt.out());
        final Run shrunk = run("replay", replay.toString(), "--shrink", "--quiet");
        assertEquals(1, shrunk.exit(), shrunk.out() + shrunk.err());
        assertTrue(Files.exists(out.resolve("race-1.min.replay")), shrunk.out());
        // the file says how to find the schedule again: the hunt from its seed, or the schedule alone
        final String text = Files.readString(replay);
        assertTrue(text.contains("hunt-seed = 1") && text.contains("of hunt --strategy pct --seed 1"), text);
        final String alone = text.substring(text.indexOf("alone: ") + 7, text.indexOf(" finds it again"));
        final Run again = run((alone.replace("hunt ", "hunt " + test + " --model dirty-pipe --out " + out
            + " --quiet ")).split(" "));
        assertEquals(1, again.exit(), alone + "\n" + again.out() + again.err());
        assertTrue(again.out().contains("1 schedule (") && again.out().contains("(fixed)"), again.out());
    }

    @Test
    @Timeout(120)
    void shouldNotOverwriteTheReplayFileOfAnotherTargetWithTheSameName(@TempDir final Path dir) throws IOException {
        final Path a = Files.writeString(Files.createDirectories(dir.resolve("a")).resolve("race.litmus"),
            DIRTY_PIPE_RACE);
        final Path b = Files.writeString(Files.createDirectories(dir.resolve("b")).resolve("race.litmus"),
            DIRTY_PIPE_RACE + "# the same test, another file\n");
        final Path out = dir.resolve("replays");
        for (final Path t : new Path[] {a, b, a}) {
            assertEquals(1, run("hunt", t.toString(), "--model", "dirty-pipe", "--seed", "1", "--out", out.toString(),
                "--quiet").exit());
        }
        try (Stream<Path> s = Files.list(out)) {
            final java.util.List<Path> files = s.sorted().toList();
            assertEquals(2, files.size(), files::toString);
            assertTrue(files.get(0).getFileName().toString().startsWith("race-"), files::toString);
            assertEquals(java.util.Set.of(a.toAbsolutePath().normalize().toString(),
                    b.toAbsolutePath().normalize().toString()),
                java.util.Set.of(org.splicelab.hunt.ReplayFile.read(files.get(0)).target(),
                    org.splicelab.hunt.ReplayFile.read(files.get(1)).target()));
        }
    }

    @Test
    @Timeout(120)
    void shouldTraceSystemCallsWithTheirArgumentsNotMessages(@TempDir final Path dir) throws IOException {
        final Path test = Files.writeString(dir.resolve("race.litmus"), DIRTY_PIPE_RACE);
        final Run hunt = run("hunt", test.toString(), "--model", "dirty-pipe", "--seed", "1", "--out", dir.toString());
        assertTrue(hunt.out().contains("r1 = write p \"PWNED\" = 5"), hunt.out());
        assertTrue(hunt.out().contains("r0 = splice f@99 -> p 1"), hunt.out());
        assertTrue(!hunt.out().contains("Write[data=") && !hunt.out().contains("$$a-adapter"), hunt.out());
        final Run messages = run("replay", dir.resolve("race-1.replay").toString(), "--messages");
        assertTrue(messages.out().contains("Write[data="), messages.out());
    }

    @Test
    @Timeout(120)
    void shouldExitZeroWhenNothingIsFound(@TempDir final Path dir) throws IOException {
        final Path test = Files.writeString(dir.resolve("race.litmus"), DIRTY_PIPE_RACE);
        final Run hunt = run("hunt", test.toString(), "--model", "linux", "--seed", "5", "--schedules", "200",
            "--out", dir.toString());
        assertEquals(0, hunt.exit(), hunt.out() + hunt.err());
        assertTrue(hunt.out().contains("200 schedules") && hunt.out().contains("Found nothing."), hunt.out());
        final Run stress = run("hunt", test.toString(), "--model", "linux", "--stress", "--seed", "5",
            "--iterations", "200");
        assertEquals(0, stress.exit(), stress.out() + stress.err());
        assertTrue(stress.out().contains("seed 5") && stress.out().contains("ACCEPTABLE"), stress.out());
    }

    @Test
    @Timeout(120)
    void shouldGradeAStateAnExistsConditionNamesAsAcceptableInterestingAndCountItsWitnesses(@TempDir final Path dir)
        throws IOException {
        final Path test = Files.writeString(dir.resolve("interesting.litmus"), String.join("\n", "litmus interesting",
            "pipe p", "process P0 {", "  w0 = write p \"ab\"", "}", "process P1 {", "  w1 = write p \"c\"", "}",
            "exists w0 == 2", "exists w1 == 5", ""));
        final Run stress = run("hunt", test.toString(), "--stress", "--seed", "1", "--iterations", "5");
        assertEquals(0, stress.exit(), stress.out() + stress.err());
        assertTrue(stress.out().contains("5  ACCEPTABLE_INTERESTING  w0=2 w1=1"), stress.out());
        assertTrue(stress.out().contains("line 9: exists w0 == 2: witnessed in 5 of 5 iterations (Sometimes)"),
            stress.out());
        assertTrue(stress.out().contains("line 10: exists w1 == 5: not witnessed in 5 iterations"), stress.out());
    }

    @Test
    @Timeout(120)
    void shouldGradeADeadlockUnderStressAsSuchNotAcceptable(@TempDir final Path dir) throws IOException {
        // P0 reads a pipe whose write end it holds itself: it can never wake (the kernel's pipe_read sleeps)
        final Path test = Files.writeString(dir.resolve("self-wait.litmus"), String.join("\n", "litmus self-wait",
            "pipe p", "pipe q", "process P0 {", "  r0 = read p 10", "}", "process P1 {", "  w0 = write q \"a\"", "}",
            "expect w0 == 1", ""));
        final Run stress = run("hunt", test.toString(), "--stress", "--seed", "1", "--iterations", "5");
        assertEquals(0, stress.exit(), stress.out() + stress.err());
        assertTrue(stress.out().contains("5  DEADLOCK    w0=1 deadlock"), stress.out());
        assertFalse(stress.out().contains("ACCEPTABLE"), stress.out());
        assertTrue(stress.out().contains("Deadlocked in 5 of 5 iterations"), stress.out());
        final Path forbidding = Files.writeString(dir.resolve("self-wait-forbidden.litmus"),
            Files.readString(test).replace("litmus self-wait", "litmus self-wait-forbidden") + "forbid deadlock\n");
        final Run found = run("hunt", forbidding.toString(), "--stress", "--seed", "1", "--iterations", "5");
        assertEquals(1, found.exit(), found.out() + found.err());
        assertTrue(found.out().contains("FORBIDDEN") && !found.out().contains("Deadlocked in"), found.out());
    }

    @Test
    @Timeout(120)
    void shouldFindALookupRacingARacyStealOnlyWithMemoryPointsReplayAndShrinkIt(@TempDir final Path dir)
        throws IOException {
        final Path test = Files.writeString(dir.resolve("race.litmus"), STEAL_VS_LOOKUP);
        final Path out = dir.resolve("replays");
        final Run without = run("hunt", test.toString(), "--model", "private-pages-racy", "--no-memory-points",
            "--seed", "1", "--schedules", "300", "--out", out.toString(), "--quiet");
        assertEquals(0, without.exit(), without.out() + without.err());
        final Run hunt = run("hunt", test.toString(), "--model", "private-pages-racy", "--strategy", "random",
            "--seed", "1", "--out", out.toString());
        assertEquals(1, hunt.exit(), hunt.out() + hunt.err());
        assertTrue(hunt.out().contains("with memory points") && hunt.out().contains("stolen-while-shared"), hunt.out());
        assertTrue(hunt.out().contains("<unfinished ...>"), hunt.out());
        final Path replay = out.resolve("steal-vs-lookup-1.replay");
        final String text = Files.readString(replay);
        assertTrue(text.contains("memory-points = true") && text.contains("\"x"), text);
        final Run again = run("replay", replay.toString(), "--quiet");
        assertEquals(1, again.exit(), again.out() + again.err());
        assertTrue(again.out().contains("Reproduced: violation(stolen-while-shared)"), again.out());
        final Run shrunk = run("replay", replay.toString(), "--shrink", "--quiet");
        assertEquals(1, shrunk.exit(), shrunk.out() + shrunk.err());
        assertTrue(shrunk.out().contains("Shrunk violation(stolen-while-shared)"), shrunk.out());
        assertEquals(1, run("replay", out.resolve("steal-vs-lookup-1.min.replay").toString(), "--quiet").exit());
        final Run safe = run("hunt", test.toString(), "--model", "private-pages", "--memory-points", "--strategy",
            "random", "--seed", "1", "--schedules", "300", "--out", out.toString(), "--quiet");
        assertEquals(0, safe.exit(), safe.out() + safe.err());
    }
}
