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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code splicelab run}: what the summary says about the errors a run's calls returned. */
class RunCommandTest {
    /** Reads of a nonblocking pipe that is often empty (EAGAIN sometimes), and a pwrite on its read end (ESPIPE always: observed on 6.18, conformance/pread-pwrite-unseekable-wrong-end-espipe.litmus). */
    private static final String ERRORS = String.join("\n",
        "name = errors",                                              // 1
        "duration = 500ms",                                           // 2
        "files { f { size = 64KiB } }",                               // 3
        "roles { w {",                                                // 4
        "  pipes { p { size = 64KiB, nonblock = true } }",            // 5
        "  loop = [",                                                 // 6
        "    { op = splice, in = f, out = p.w, len = 4KiB, offset = random }", // 7
        "    { op = read, fd = p.r, len = 4KiB }",                    // 8
        "    { op = read, fd = p.r, len = 4KiB }",                    // 9
        "    { op = pwrite, fd = p.r, len = 10, offset = 0 }",        // 10
        "  ]",
        "} }",
        "");

    @Test
    @Timeout(60)
    void shouldBreakTheErrorsDownByOperationAndFlagTheElementThatAlwaysFails(@TempDir final Path dir)
        throws IOException {
        final Path file = Files.writeString(dir.resolve("errors.conf"), ERRORS);
        final StringWriter out = new StringWriter();
        final CommandLine cl = SplicelabCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        final int exit = cl.execute("run", file.toString(), "--report", dir.resolve("r").toString());
        final String text = out.toString();
        assertEquals(0, exit, text);
        assertTrue(text.contains("errors: pwrite ESPIPE") && text.contains("errors: read EAGAIN"), text);
        assertTrue(text.contains("warning: " + file + ":10 pwrite failed every time it ran ("), text);
        assertFalse(text.contains(file + ":8 read failed") || text.contains(file + ":7 splice failed"), text);
        final String json = Files.readString(dir.resolve("r/report.json"));
        assertTrue(json.contains("\"source\" : \"" + file + ":10 pwrite\"") && json.contains("\"ESPIPE\""), json);
    }
}
