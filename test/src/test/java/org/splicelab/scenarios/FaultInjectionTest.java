package org.splicelab.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.splicelab.protocols.KernelModel;
import org.splicelab.report.RunReport;
import org.splicelab.report.SummaryTable;
import org.splicelab.scenario.BuiltInScenarios;
import org.splicelab.scenario.ScenarioRunner;

/**
 * Processes killed mid-call, a shared pipe restarted (its waiters get EIO), a socket pair reset: the
 * run ends with no violation, no leaked page and every byte accounted for by a named cause.
 */
class FaultInjectionTest {
    @Test
    @Timeout(120)
    void shouldLoseNothingUnderKillsRestartsAndResets() throws URISyntaxException {
        final Path file = Path.of(FaultInjectionTest.class.getClassLoader().getResource("scenarios/faults.conf").toURI());
        for (final KernelModel model : new KernelModel[] {KernelModel.LINUX, KernelModel.PRIVATE_PAGES}) {
            final RunReport r = ScenarioRunner.run(BuiltInScenarios.load(file.toString()), model, Duration.ofSeconds(1),
                p -> { });
            System.out.print(SummaryTable.render(r));
            assertTrue(r.passed(), () -> SummaryTable.render(r));
            assertEquals(0, r.leakedPages());
            assertTrue(r.accounting().balanced(), () -> SummaryTable.render(r));
            assertTrue(r.faults().getOrDefault("processes-killed", 0L) >= 3, r.faults().toString());
            assertTrue(r.faults().getOrDefault("pipe-restarts", 0L) >= 2, r.faults().toString());
            assertTrue(r.faults().getOrDefault("socket-resets", 0L) >= 2, r.faults().toString());
            assertTrue(r.totals().syscalls() > 1000, "the load went on between faults");
        }
    }
}
