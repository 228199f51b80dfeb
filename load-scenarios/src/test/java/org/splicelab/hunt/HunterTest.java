package org.splicelab.hunt;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splicelab.actors.Kernel;
import org.splicelab.actors.deterministic.DeterministicRuntime;
import org.splicelab.memory.Violation;
import org.splicelab.protocols.KernelModel;

/** The hunter's own rules: a finding its confirming replay does not reproduce is a failure, not a finding. */
class HunterTest {
    /** Finds a leak in its second run only (the hunt's first schedule), never again: not deterministic. */
    static final class FlakyTarget implements HuntTarget {
        private final AtomicInteger runs = new AtomicInteger();

        @Override
        public String name() {
            return "flaky";
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
            final boolean leak = runs.incrementAndGet() == 2;
            return Behaviors.setup(ctx -> {
                done.tell(HuntOutcome.of(leak ? "leaked" : "clean",
                    leak ? EnumSet.of(Violation.PAGE_LEAK) : EnumSet.noneOf(Violation.class)));
                return Behaviors.stopped();
            });
        }
    }

    @Test
    void shouldFailAHuntWhoseConfirmingReplayDoesNotReproduceTheFinding(@TempDir final Path dir) throws Exception {
        try (DeterministicRuntime runtime = new DeterministicRuntime()) {
            final Hunter.Report r = new Hunter(runtime).hunt(new FlakyTarget(),
                Hunter.Options.of(KernelModel.LINUX, 10, 1).withOutDir(dir));
            assertTrue(r.failed(), r::summary);
            assertFalse(r.foundSomething(), r::summary);
            assertTrue(r.summary().contains("FAILED") && !r.summary().contains("Found in schedule"), r::summary);
            assertTrue(r.found().replayPath().getFileName().toString().endsWith(".diverged.replay"), r::summary);
            assertTrue(Files.exists(r.found().replayPath()));
        }
        final AssertionError e = assertThrows(AssertionError.class,
            () -> HuntAssertions.assertNothingFound(new FlakyTarget(), Hunter.Options.of(KernelModel.LINUX, 10, 1)
                .withOutDir(dir)));
        assertTrue(e.getMessage().contains("failed"), e.getMessage());
    }
}
