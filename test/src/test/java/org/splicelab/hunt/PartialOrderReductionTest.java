package org.splicelab.hunt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.splicelab.actors.Simulator;
import org.splicelab.litmus.Exploration;
import org.splicelab.litmus.FinalState;
import org.splicelab.litmus.LitmusCompiler;
import org.splicelab.litmus.LitmusParser;
import org.splicelab.litmus.LitmusReport;
import org.splicelab.litmus.LitmusRunner;
import org.splicelab.litmus.LitmusTest;
import org.splicelab.protocols.KernelModel;

/**
 * Partial-order reduction against the naive walk on every multi-process litmus file of the suites
 * (hunt/, dpor/, the conformance files with two processes): the same set of final states, in at most as
 * many executions; and issue 10's acceptance: the non-blocking Dirty Pipe's 3 states in at most 5 % of
 * the naive walk's executions (8,436 when this was written). The default suite checks each file under
 * linux (and a few under the model they are about); the {@code slow} test, every file under every model.
 */
class PartialOrderReductionTest {
    private static final List<String> FILES = List.of("hunt/two-writers.litmus", "hunt/dirty-pipe-two-processes.litmus",
        "dpor/splice-pwrite-read.litmus", "dpor/vmsplice-store.litmus", "dpor/socket-two-writers.litmus",
        "dpor/close-races.litmus", "dpor/tee-two-pipes.litmus", "dpor/shared-file-position.litmus",
        "conformance/splice-pipe-to-file-waits-for-writer.litmus",
        "conformance/splice-tcp-socket-to-pipe-nonblock-flag-still-blocks.litmus",
        "conformance/vmsplice-full-pipe-waits-for-reader.litmus");
    private static Simulator simulator;

    @BeforeAll
    static void start() {
        simulator = new Simulator();
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    static LitmusRunner.Outcome run(final String resource, final KernelModel model, final Exploration.Mode mode,
                                    final long limit, final int executions, final long seed) {
        return run(simulator, resource, model, mode, limit, executions, seed);
    }

    static LitmusRunner.Outcome run(final Simulator simulator, final String resource, final KernelModel model,
                                    final Exploration.Mode mode, final long limit, final int executions,
                                    final long seed) {
        final Path file = HuntFiles.resource(resource);
        final String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        final LitmusTest test = LitmusParser.parse(file.getFileName().toString(), text);
        final LitmusRunner.Options o = new LitmusRunner.Options(executions, LitmusRunner.Options.DEFAULT.timeout(),
            LitmusRunner.Options.DEFAULT.frames(), LitmusRunner.Options.DEFAULT.kernel());
        return new LitmusRunner(simulator).exploration(seed, limit, mode)
            .run(test, LitmusCompiler.compile(test, file.toString(), text), model, o);
    }

    private static Set<FinalState> states(final LitmusRunner.Outcome o) {
        final Set<FinalState> s = new LinkedHashSet<>();
        o.states().forEach(c -> s.add(c.state()));
        return s;
    }

    private static LitmusRunner.Outcome nonBlockingNaive;

    /** The naive walk of the non-blocking Dirty Pipe under dirty-pipe (run once per JVM: DetectionRateTest uses it too). */
    static synchronized LitmusRunner.Outcome nonBlockingNaive(final Simulator simulator) {
        if (nonBlockingNaive == null) {
            nonBlockingNaive = run(simulator, "hunt/dirty-pipe-nonblocking.litmus", KernelModel.DIRTY_PIPE,
                Exploration.Mode.NAIVE, 1_000_000, 1, 1);
        }
        return nonBlockingNaive;
    }

    /** Naive walk and reduction of one file under one model: same states; returns {naive, reduced} executions. */
    private static long[] compare(final String resource, final KernelModel model) {
        final LitmusRunner.Outcome naive = resource.equals("hunt/dirty-pipe-nonblocking.litmus")
            && model == KernelModel.DIRTY_PIPE ? nonBlockingNaive(simulator)
            : run(resource, model, Exploration.Mode.NAIVE, 1_000_000, 1, 1);
        final LitmusRunner.Outcome reduced = run(resource, model, Exploration.Mode.DPOR, 1_000_000, 1, 1);
        assertTrue(naive.exploration().contains("exhaustive"), naive.exploration());
        assertTrue(reduced.exploration().contains("partial-order reduction"), reduced::exploration);
        assertEquals(states(naive), states(reduced), () -> resource + " under " + model.id() + ":\n"
            + LitmusReport.text(naive) + LitmusReport.text(reduced));
        assertEquals(naive.problems(), reduced.problems(), resource);
        assertTrue(reduced.executions() <= naive.executions(), resource);
        System.out.printf("%-58s %-14s naive %5d, reduced %4d executions, %d states%n", resource, model.id(),
            naive.executions(), reduced.executions(), naive.states().size());
        return new long[] {naive.executions(), reduced.executions()};
    }

    @Test
    @Timeout(300)
    void shouldReachTheNaiveWalksStates() {
        for (final String f : FILES) {
            compare(f, KernelModel.LINUX);
        }
        compare("dpor/vmsplice-store.litmus", KernelModel.COPY);
        compare("dpor/close-races.litmus", KernelModel.PRIVATE_PAGES);
        compare("hunt/dirty-pipe-two-processes.litmus", KernelModel.DIRTY_PIPE);
    }

    @Test
    @Timeout(120)
    void shouldFindTheNonBlockingDirtyPipesThreeStatesInAtMostFivePercentOfTheNaiveExecutions() {
        final long[] n = compare("hunt/dirty-pipe-nonblocking.litmus", KernelModel.DIRTY_PIPE);
        assertTrue(n[1] * 20 <= n[0], () -> n[1] + " of " + n[0]);
        final LitmusRunner.Outcome auto = run("hunt/dirty-pipe-nonblocking.litmus", KernelModel.DIRTY_PIPE,
            Exploration.Mode.AUTO, LitmusRunner.DEFAULT_EXHAUSTIVE_LIMIT, 100, 1);
        System.out.print(LitmusReport.text(auto));
        assertTrue(auto.ok(), () -> LitmusReport.text(auto));
        assertEquals(3, auto.states().size());
        assertTrue(auto.exploration().contains("partial-order reduction"), auto::exploration);
    }

    /**
     * A sendfile's start (f_pos read, page lookups in the process's thread) is a step of its own: the two
     * sendfiles sharing one description reach all three states on the walk, as on the kernel
     * (test/kernel-checks/shared_fpos.c), where every interleaving used to give both page 0.
     */
    @Test
    @Timeout(120)
    void shouldReachEveryStateOfTwoSendfilesSharingOneFilePosition() {
        final long[] n = compare("zoo/shared-fpos-sendfile.litmus", KernelModel.LINUX);
        final LitmusRunner.Outcome naive = run("zoo/shared-fpos-sendfile.litmus", KernelModel.LINUX,
            Exploration.Mode.NAIVE, 100_000, 100, 1);
        assertEquals(3, naive.states().size(), () -> LitmusReport.text(naive));
        assertTrue(n[1] <= n[0], () -> n[1] + " of " + n[0]);
    }

    @Test
    @Tag("slow")
    @Timeout(1800)
    void shouldReachTheNaiveWalksStatesUnderEveryModel() {
        Stream.concat(FILES.stream(), Stream.of("hunt/dirty-pipe-nonblocking.litmus")).forEach(f -> {
            for (final KernelModel m : KernelModel.values()) {
                compare(f, m);
            }
        });
    }
}
