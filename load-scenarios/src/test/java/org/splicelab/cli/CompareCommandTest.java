package org.splicelab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** compare's honest timing (issue 14): a warm-up that is not measured, interleaved rounds, medians with spread. */
class CompareCommandTest {
    private static final String SHORT = String.join("\n",
        "name = short",
        "duration = 300ms",
        "files { f { size = 64KiB } }",
        "roles { w {",
        "  count = 1",
        "  pipes { p { size = 64KiB } }",
        "  loop = [ { op = splice, in = f, out = p.w, len = 4KiB, offset = random }, { op = read, fd = p.r, len = 4KiB } ]",
        "} }",
        "");

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
    @Timeout(120)
    void shouldWarmEachModelUpThenRunInterleavedRoundsAndReportMediansWithSpread(@TempDir final Path dir)
        throws IOException {
        final Path file = Files.writeString(dir.resolve("short.conf"), SHORT);
        final Run r = run("compare", file.toString(), "--models", "linux,copy", "--warmup", "200ms", "--repeat", "2");
        assertEquals(0, r.exit(), r.out() + r.err());
        final List<String> starts = r.out().lines().filter(l -> l.startsWith("Warm-up: ") || l.startsWith("Running "))
            .toList();
        assertEquals(List.of(
            "Warm-up: short under linux for 200ms (not measured)",
            "Warm-up: short under copy for 200ms (not measured)",
            "Running short under linux (seed 1), round 1 of 2",
            "Running short under copy (seed 1), round 1 of 2",
            "Running short under copy (seed 1), round 2 of 2",
            "Running short under linux (seed 1), round 2 of 2"), starts, r.out());
        assertTrue(r.out().contains("Timings over 2 rounds (median (min-max)), after a 200ms warm-up of each model, each run's "
            + "steady state (its first 60ms of ramp-up left out):"),
            r.out());
        final String timings = r.out().substring(r.out().indexOf("Timings over"));
        final String rate = timings.lines().filter(l -> l.trim().startsWith("syscalls/s")).findFirst().orElse("");
        assertTrue(rate.matches("\\s+syscalls/s\\s+[0-9,]+ \\([0-9,]+-[0-9,]+\\)\\s+[0-9,]+ \\([0-9,]+-[0-9,]+\\)"), r.out());
        assertTrue(r.out().contains("splice p99 us") && r.out().contains("read p99 us"), r.out());
    }

    @Test
    @Timeout(60)
    void shouldSayThatOneRoundHasNoSpreadAndRunNoWarmUpWhenToldNone(@TempDir final Path dir) throws IOException {
        final Path file = Files.writeString(dir.resolve("short.conf"), SHORT);
        final Run r = run("compare", file.toString(), "--models", "linux", "--warmup", "0s");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(!r.out().contains("Warm-up:"), r.out());
        assertTrue(r.out().contains("Timings over 1 round (median (min-max); one round has no spread: --repeat N), "
            + "after a 0s warm-up of each model, each run's steady state (its first 60ms of ramp-up left out):"),
            r.out());
    }
}
