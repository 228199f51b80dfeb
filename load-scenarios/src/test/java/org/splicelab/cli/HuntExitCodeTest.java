package org.splicelab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splicelab.actors.deterministic.DeterministicRuntime;
import org.splicelab.hunt.HuntTarget;
import org.splicelab.hunt.LeakyRunsTarget;
import org.splicelab.hunt.Hunter;
import org.splicelab.protocols.KernelModel;

/** The exit status of {@code hunt}: an unconfirmed finding is a failure of its own (3), not a finding (1). */
class HuntExitCodeTest {
    private static int exitOf(final HuntTarget t, final Path dir) {
        try (DeterministicRuntime runtime = new DeterministicRuntime()) {
            return HuntCommand.exitCode(new Hunter(runtime).hunt(t, Hunter.Options.of(KernelModel.LINUX, 5, 1)
                .withOutDir(dir)));
        }
    }

    @Test
    void shouldExitThreeWhenTheConfirmingReplayDoesNotReproduceTheFinding(@TempDir final Path dir) {
        assertEquals(SplicelabCommand.EXIT_UNCONFIRMED, exitOf(new LeakyRunsTarget("exit-code", run -> run == 2), dir));
    }

    @Test
    void shouldExitOneForAConfirmedFindingAndZeroForNothing(@TempDir final Path dir) {
        assertEquals(SplicelabCommand.EXIT_CHECK_FAILED, exitOf(new LeakyRunsTarget("exit-code", run -> run >= 2), dir));
        assertEquals(SplicelabCommand.EXIT_OK, exitOf(new LeakyRunsTarget("exit-code", run -> false), dir));
    }
}
