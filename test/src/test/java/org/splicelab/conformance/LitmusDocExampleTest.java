package org.splicelab.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.splicelab.cli.SplicelabCommand;
import picocli.CommandLine;

/** LITMUS.md's example, run through the command line, prints exactly what LITMUS.md shows. */
class LitmusDocExampleTest {
    @Test
    void shouldPrintWhatLitmusMdShows() {
        final Path file = LitmusSuite.files("litmus-md").get(0);
        final StringWriter out = new StringWriter();
        final CommandLine cl = SplicelabCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        final int exit = cl.execute("litmus", "--model", "linux", file.toString());
        assertEquals(0, exit);
        assertEquals(String.join("\n",
            "Test file-splice-then-overwrite (model linux): 1 execution, 1 state",
            "  1  r0=4096 r1=\"B\"",
            "expect r0 == 4096                  Always  ok",
            "expect r1 == \"B\"                   Always  ok",
            ""), out.toString());
    }

    @Test
    void shouldExitTwoWithFileLineColumnOnAParseError() throws Exception {
        final Path bad = java.nio.file.Files.createTempFile("bad", ".litmus");
        java.nio.file.Files.writeString(bad, "litmus bad\npipe p\nprocess P0 {\n  r0 = splice p -> 4096\n}\n");
        final StringWriter err = new StringWriter();
        final CommandLine cl = SplicelabCommand.commandLine();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        assertEquals(2, cl.execute("litmus", bad.toString()));
        final String message = err.toString();
        assertEquals(true, message.startsWith(bad + ":4:"), message);
        java.nio.file.Files.delete(bad);
    }
}
