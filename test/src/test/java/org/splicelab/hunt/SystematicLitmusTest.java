package org.splicelab.hunt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.splicelab.actors.Simulator;
import org.splicelab.litmus.LitmusCompiler;
import org.splicelab.litmus.LitmusParser;
import org.splicelab.litmus.LitmusReport;
import org.splicelab.litmus.LitmusRunner;
import org.splicelab.litmus.LitmusTest;
import org.splicelab.protocols.KernelModel;

/**
 * {@code splicelab litmus} on multi-process tests: every interleaving of process steps when the test is
 * small (Always/Sometimes/Never exact), one per class of equivalent ones (partial-order reduction) when
 * the naive walk is too large, interleavings sampled uniformly when even that is; the same seed gives
 * the same counts.
 */
class SystematicLitmusTest {
    private static Simulator simulator;

    @BeforeAll
    static void start() {
        simulator = new Simulator();
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    private static LitmusRunner.Outcome run(final String resource, final KernelModel model, final long limit,
                                            final int executions) throws IOException {
        final Path file = HuntFiles.resource(resource);
        final String text = Files.readString(file, StandardCharsets.UTF_8);
        final LitmusTest test = LitmusParser.parse(file.getFileName().toString(), text);
        final LitmusRunner.Options o = new LitmusRunner.Options(executions, LitmusRunner.Options.DEFAULT.timeout(),
            LitmusRunner.Options.DEFAULT.frames(), LitmusRunner.Options.DEFAULT.kernel());
        final LitmusRunner.Outcome out = new LitmusRunner(simulator).exploration(1, limit)
            .run(test, LitmusCompiler.compile(test, file.toString(), text), model, o);
        System.out.print(LitmusReport.text(out));
        return out;
    }

    @Test
    @Timeout(60)
    void shouldExploreEveryInterleavingOfASmallTest() throws IOException {
        final LitmusRunner.Outcome o = run("hunt/two-writers.litmus", KernelModel.LINUX, 2000, 100);
        assertTrue(o.exploration().contains("exhaustive"), o.exploration());
        assertTrue(o.ok(), () -> LitmusReport.text(o));
        assertEquals(3, o.states().size(), () -> LitmusReport.text(o));
        final LitmusRunner.Outcome again = run("hunt/two-writers.litmus", KernelModel.LINUX, 2000, 100);
        assertEquals(o.executions(), again.executions());
        assertEquals(o.states(), again.states());
    }

    @Test
    @Timeout(60)
    void shouldReduceWhenTheNaiveWalkIsTooLarge() throws IOException {
        final LitmusRunner.Outcome a = run("hunt/dirty-pipe-two-processes.litmus", KernelModel.DIRTY_PIPE, 2000, 200);
        assertTrue(a.exploration().contains("partial-order reduction"), a.exploration());
        assertTrue(a.ok(), () -> LitmusReport.text(a));
        assertTrue(a.executions() < 2000, a::exploration);
    }

    @Test
    @Timeout(60)
    void shouldSampleUniformlyWhenEvenTheReductionIsTooLargeAndRepeatFromTheSeed() throws IOException {
        final LitmusRunner.Outcome a = run("hunt/dirty-pipe-two-processes.litmus", KernelModel.DIRTY_PIPE, 100, 200);
        assertTrue(a.exploration().contains("sampled uniformly"), a.exploration());
        assertEquals(200, a.executions());
        assertTrue(a.ok(), () -> LitmusReport.text(a));
        final LitmusRunner.Outcome b = run("hunt/dirty-pipe-two-processes.litmus", KernelModel.DIRTY_PIPE, 100, 200);
        assertEquals(a.states(), b.states());
    }
}
