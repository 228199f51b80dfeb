package org.splicelab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** litmus' herd7-shaped output and the totals line after several tests. */
class LitmusOutputTest {
    private record Run(int exit, String out, String err) {
    }

    private static Run run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine cl = SplicelabCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    private static final String TWO_WRITERS = String.join("\n",
        "litmus two-writers", "pipe p",
        "process P0 {", "  r0 = write p \"A\"", "}",
        "process P1 {", "  r1 = write p \"B\"", "  r2 = read p 2", "}",
        "exists r2 == \"AB\"", "expect r1 == 1", "forbid r2 == \"BB\"", "");

    @Test
    void shouldPrintHerdsObservationWithPositiveAndNegativeWitnesses(@TempDir final Path dir) throws IOException {
        final Path f = Files.writeString(dir.resolve("two-writers.litmus"), TWO_WRITERS);
        final Run text = run("litmus", f.toString());
        final Run herd = run("litmus", "--format", "herd", f.toString());
        assertEquals(text.exit(), herd.exit(), herd.out() + herd.err());
        assertTrue(herd.out().startsWith("Test two-writers Allowed (model linux)\nStates "), herd.out());
        // the same counts as the text block's: P + N = the executions, per condition, in file order
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile(
            "Observation two-writers (Always|Sometimes|Never) (\\d+) (\\d+)").matcher(herd.out());
        final java.util.List<String> kinds = new java.util.ArrayList<>();
        long executions = -1;
        while (m.find()) {
            kinds.add(m.group(1));
            final long total = Long.parseLong(m.group(2)) + Long.parseLong(m.group(3));
            assertTrue(executions < 0 || executions == total, herd.out());
            executions = total;
            assertEquals(m.group(1), Long.parseLong(m.group(2)) == 0 ? "Never"
                : Long.parseLong(m.group(3)) == 0 ? "Always" : "Sometimes");
        }
        assertEquals(3, kinds.size(), herd.out());
        assertTrue(text.out().contains(executions + " executions"), text.out());
        assertEquals("Always", kinds.get(1), "every execution's write of one byte returns 1");
        assertEquals("Never", kinds.get(2), "the pipe cannot hold BB");
        assertTrue(herd.out().endsWith("1 test, 0 failed\n"), herd.out());
    }

    @Test
    void shouldEndSeveralTestsWithATotalsLineAndOneTestWithItsBlockOnly(@TempDir final Path dir) throws IOException {
        final Path f = Files.writeString(dir.resolve("two-writers.litmus"), TWO_WRITERS);
        final Path bad = Files.writeString(dir.resolve("bad.litmus"), TWO_WRITERS.replace("forbid r2 == \"BB\"",
            "forbid r2 == \"AB\""));
        final Run one = run("litmus", f.toString());
        assertEquals(0, one.exit(), one.out() + one.err());
        assertFalse(one.out().contains(" failed"), one.out());
        final Run two = run("litmus", f.toString(), bad.toString());
        assertEquals(1, two.exit(), two.out() + two.err());
        assertTrue(two.out().endsWith("2 tests, 1 failed\n"), two.out());
    }
}
