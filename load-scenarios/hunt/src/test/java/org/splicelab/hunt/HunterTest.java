package org.splicelab.hunt;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splicelab.actors.deterministic.DeterministicRuntime;
import org.splicelab.protocols.KernelModel;

/** The hunter's own rules: a finding its confirming replay does not reproduce is a failure, not a finding. */
class HunterTest {
    @Test
    void shouldFailAHuntWhoseConfirmingReplayDoesNotReproduceTheFinding(@TempDir final Path dir) throws Exception {
        try (DeterministicRuntime runtime = new DeterministicRuntime()) {
            final Hunter.Report r = new Hunter(runtime).hunt(new LeakyRunsTarget("flaky", run -> run == 2),
                Hunter.Options.of(KernelModel.LINUX, 10, 1).withOutDir(dir));
            assertTrue(r.failed(), r::summary);
            assertFalse(r.foundSomething(), r::summary);
            assertTrue(r.summary().contains("FAILED") && !r.summary().contains("Found in schedule"), r::summary);
            assertTrue(r.found().replayPath().getFileName().toString().endsWith(".diverged.replay"), r::summary);
            assertTrue(Files.exists(r.found().replayPath()));
        }
        final AssertionError e = assertThrows(AssertionError.class,
            () -> HuntAssertions.assertNothingFound(new LeakyRunsTarget("flaky", run -> run == 2), Hunter.Options.of(KernelModel.LINUX, 10, 1)
                .withOutDir(dir)));
        assertTrue(e.getMessage().contains("failed"), e.getMessage());
    }
}
