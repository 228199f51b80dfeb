package org.splicelab.hunt;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import org.splicelab.actors.Kernel;
import org.splicelab.memory.Violation;

/**
 * A hunt target for testing the hunter's own rules (not a race): it reports a leak in the runs that
 * {@code leakyRuns} names (1 = the canonical run, 2 = the hunt's first schedule, ...), so a finding can be
 * made to reproduce, or not, on its confirming replay.
 */
public final class LeakyRunsTarget implements HuntTarget {
    private final AtomicInteger runs = new AtomicInteger();
    private final String name;
    private final IntPredicate leakyRuns;

    public LeakyRunsTarget(final String name, final IntPredicate leakyRuns) {
        this.name = name;
        this.leakyRuns = leakyRuns;
    }

    @Override
    public String name() {
        return name;
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
