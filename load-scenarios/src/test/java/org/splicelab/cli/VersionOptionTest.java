package org.splicelab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code --version} prints the versions everywhere it is offered, the subcommands' included. */
class VersionOptionTest {
    @ParameterizedTest(name = "{0} --version")
    @ValueSource(strings = {"", "run", "compare", "list", "bench", "litmus", "hunt", "replay"})
    void shouldPrintTheVersionsForEveryCommand(final String command) {
        final StringWriter out = new StringWriter();
        final CommandLine cl = SplicelabCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        final int exit = command.isEmpty() ? cl.execute("--version") : cl.execute(command, "--version");
        assertEquals(0, exit);
        assertTrue(out.toString().startsWith("splicelab ") && out.toString().contains("Akka "), out::toString);
    }
}
