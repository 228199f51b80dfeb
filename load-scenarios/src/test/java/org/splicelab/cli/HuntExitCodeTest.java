package org.splicelab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splicelab.actors.Kernel;
import org.splicelab.actors.deterministic.DeterministicRuntime;
import org.splicelab.hunt.HuntOutcome;
import org.splicelab.hunt.HuntTarget;
import org.splicelab.hunt.Hunter;
import org.splicelab.memory.Violation;
import org.splicelab.protocols.KernelModel;

/** The exit status of {@code hunt}: an unconfirmed finding is a failure of its own (3), not a finding (1). */
class HuntExitCodeTest {
    /** Leaks in the runs listed in {@code leakyRuns} (1 = the canonical run, 2 = the hunt's first schedule, ...). */
    private static final class Target implements HuntTarget {
        private final AtomicInteger runs = new AtomicInteger();
        private final java.util.function.IntPredicate leakyRuns;

        Target(final java.util.function.IntPredicate leakyRuns) {
            this.leakyRuns = leakyRuns;
        }

        @Override
        public String name() {
            return "exit-code";
        }

        @Override
        public String reference() {
            return "class:" + getClass().getName();
        }

        @Override
        public String checksum() {
            return "";
        }

        @Override
        public Behavior<?> root(final Kernel kernel, final ActorRef<HuntOutcome> done) {
            final boolean leak = leakyRuns.test(runs.incrementAndGet());
            return Behaviors.setup(ctx -> {
                done.tell(HuntOutcome.of(leak ? "leaked" : "clean",
                    leak ? EnumSet.of(Violation.PAGE_LEAK) : EnumSet.noneOf(Violation.class)));
                return Behaviors.stopped();
            });
        }
    }

    private static int exitOf(final Target t, final Path dir) {
        try (DeterministicRuntime runtime = new DeterministicRuntime()) {
            return HuntCommand.exitCode(new Hunter(runtime).hunt(t, Hunter.Options.of(KernelModel.LINUX, 5, 1)
                .withOutDir(dir)));
        }
    }

    @Test
    void shouldExitThreeWhenTheConfirmingReplayDoesNotReproduceTheFinding(@TempDir final Path dir) {
        assertEquals(SplicelabCommand.EXIT_UNCONFIRMED, exitOf(new Target(run -> run == 2), dir));
    }

    @Test
    void shouldExitOneForAConfirmedFindingAndZeroForNothing(@TempDir final Path dir) {
        assertEquals(SplicelabCommand.EXIT_CHECK_FAILED, exitOf(new Target(run -> run >= 2), dir));
        assertEquals(SplicelabCommand.EXIT_OK, exitOf(new Target(run -> false), dir));
    }
}
