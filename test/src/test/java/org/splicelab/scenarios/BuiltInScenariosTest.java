package org.splicelab.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.splicelab.cli.SplicelabCommand;
import org.splicelab.protocols.KernelModel;
import org.splicelab.report.RunReport;
import org.splicelab.report.SummaryTable;
import org.splicelab.scenario.BuiltInScenarios;
import org.splicelab.scenario.Scenario;
import org.splicelab.scenario.ScenarioRunner;
import picocli.CommandLine;

/**
 * Every built-in scenario runs green for 10 s under linux: no violation, no leak, exact byte
 * accounting. The dirty-pipe scenario fails under the dirty-pipe model, as it exists to show.
 */
class BuiltInScenariosTest {
    static RunReport run(final String name, final KernelModel model, final Duration duration) {
        final Scenario s = BuiltInScenarios.load(name);
        final Scenario shortRun = new Scenario(s.name(), s.description(), s.model(), s.seed(), duration, 0,
            s.arenaFrames(), s.sampleInterval(), s.stealOnlyWithMove(), s.files(), s.pipes(), s.sockets(), s.roles(),
            s.faults(), s.assertions(), s.relays());
        return ScenarioRunner.run(shortRun, model, Duration.ofSeconds(1), p -> { });
    }

    @TestFactory
    Stream<DynamicTest> everyBuiltInRunsGreenForTenSecondsUnderLinux() {
        return BuiltInScenarios.NAMES.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            final RunReport r = run(name, KernelModel.LINUX, Duration.ofSeconds(10));
            System.out.print(SummaryTable.render(r));
            assertTrue(r.passed(), () -> SummaryTable.render(r));
            assertTrue(r.totals().syscalls() > 1000, "the workload ran: " + r.totals().syscalls() + " syscalls");
            assertEquals(0, r.leakedPages());
            assertTrue(r.accounting().balanced(), "bytes in = delivered + discarded");
            assertFalse(r.timeline().isEmpty(), "sampled over time");
        }));
    }

    @Test
    @Timeout(120)
    void shouldFailTheDirtyPipeScenarioUnderTheDirtyPipeModelOnly() {
        final RunReport r = run("dirty-pipe", KernelModel.DIRTY_PIPE, Duration.ofSeconds(3));
        assertFalse(r.passed(), () -> SummaryTable.render(r));
        assertTrue(r.violations().get("page-cache-written-through-pipe") > 0, () -> SummaryTable.render(r));
        assertEquals(0L, r.violations().entrySet().stream()
            .filter(e -> !e.getKey().equals("page-cache-written-through-pipe")).mapToLong(e -> e.getValue()).sum());
    }

    @Test
    @Timeout(120)
    void shouldShowTheStealAndRefillCostOfPrivatePagesOnTheWebServer() {
        final RunReport linux = run("webserver-sendfile", KernelModel.LINUX, Duration.ofSeconds(3));
        final RunReport privatePages = run("webserver-sendfile", KernelModel.PRIVATE_PAGES, Duration.ofSeconds(3));
        final RunReport copy = run("webserver-sendfile", KernelModel.COPY, Duration.ofSeconds(3));
        System.out.print(SummaryTable.renderCompare(List.of(linux, privatePages, copy)));
        for (final RunReport r : List.of(linux, privatePages, copy)) {
            assertTrue(r.passed(), () -> SummaryTable.render(r));
        }
        assertEquals(0, linux.totals().stealsTried());
        assertEquals(0, linux.totals().refills());
        assertTrue(privatePages.totals().stealsSucceeded() > 0, "private-pages steals hot pages");
        assertTrue(privatePages.totals().refills() > 0, "and the page cache refills them");
        assertEquals(0, copy.totals().stealsTried());
        assertTrue(copy.totals().bytesCopied() > linux.totals().bytesCopied(), "copy copies what linux references");
    }

    @Test
    void shouldExitTwoOnAMalformedScenarioNamingFileAndLine() throws Exception {
        final Path bad = Files.createTempFile("bad", ".conf");
        Files.writeString(bad, "name = x\nduration = 1s\nroles { w { count = many, loop = [] } }\n");
        final StringWriter err = new StringWriter();
        final CommandLine cl = SplicelabCommand.commandLine();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        assertEquals(2, cl.execute("run", bad.toString()));
        assertTrue(err.toString().contains(bad + ":3: 'roles.w.count': expected a number"), err.toString());
        Files.delete(bad);
    }
}
