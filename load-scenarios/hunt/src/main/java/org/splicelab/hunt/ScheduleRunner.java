package org.splicelab.hunt;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.splicelab.actors.Kernel;
import org.splicelab.actors.deterministic.DeterministicRuntime;
import org.splicelab.actors.deterministic.RunObserver;
import org.splicelab.actors.deterministic.RunOptions;
import org.splicelab.actors.deterministic.RunResult;
import org.splicelab.actors.deterministic.Strategy;
import org.splicelab.actors.deterministic.Trace;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageAudit;
import org.splicelab.memory.Violation;
import org.splicelab.protocols.KernelModel;
import org.splicelab.protocols.PageVectorPool;

/**
 * Runs schedules of one target under one model on a {@link DeterministicRuntime}, with an arena of its
 * own (a fresh {@link Kernel} per schedule, so ids start over). After each run it adds what the arena
 * saw around the run (leaks, violations during wind-down), then reclaims every frame so the next
 * schedule starts from an empty arena. {@link AutoCloseable}: releases the arena.
 */
final class ScheduleRunner implements AutoCloseable {
    /**
     * One schedule: the runtime's record, the outcome as judged, and (when the runner records calls) the
     * actor of every completed system call, in the order they completed.
     */
    record Schedule(RunResult<HuntOutcome> run, HuntOutcome outcome, List<String> callOrder) {
        /** How often the process completing a call changed: a measure of how interleaved the schedule is. */
        int switches() {
            int n = 0;
            for (int i = 1; i < callOrder.size(); i++) {
                n += callOrder.get(i).equals(callOrder.get(i - 1)) ? 0 : 1;
            }
            return n;
        }
    }

    private final DeterministicRuntime runtime;
    private final HuntTarget target;
    private final KernelModel model;
    private final PageArena arena;
    private final PageVectorPool pool;
    private final long maxSteps;
    private final boolean memoryPoints;
    private boolean recordCalls;

    ScheduleRunner(final DeterministicRuntime runtime, final HuntTarget target, final KernelModel model,
                   final long maxSteps) {
        this(runtime, target, model, maxSteps, false);
    }

    /** @param memoryPoints explore the memory-level choice points of the arena's operations ({@link RunOptions#withMemoryPoints}) */
    ScheduleRunner(final DeterministicRuntime runtime, final HuntTarget target, final KernelModel model,
                   final long maxSteps, final boolean memoryPoints) {
        this.runtime = runtime;
        this.target = target;
        this.model = model;
        this.maxSteps = maxSteps;
        this.memoryPoints = memoryPoints;
        this.arena = new PageArena(target.frames(), new PageAudit());
        this.pool = new PageVectorPool(64, PageVectorPool.DEFAULT_ENTRIES);
    }

    PageArena arena() {
        return arena;
    }

    /** Records {@link Schedule#callOrder()} from now on. */
    ScheduleRunner recordingCalls() {
        recordCalls = true;
        return this;
    }

    Schedule run(final Strategy strategy, final Trace trace) {
        final Kernel kernel = new Kernel(arena, pool, model);
        kernel.deadlockByQuiescence(true);
        kernel.stepLocalCalls(true);
        kernel.beginExecution();
        if (trace != null) {
            trace.countCalls(kernel.stats().syscalls::sum);
        }
        final List<String> callOrder = new ArrayList<>();
        final RunObserver calls = !recordCalls ? null : new RunObserver() {
            private long before;

            @Override
            public void stepStarted(final long step, final String actor) {
                before = kernel.stats().syscalls.sum();
            }

            @Override
            public void stepEnded(final long step, final String actor) {
                for (long n = kernel.stats().syscalls.sum() - before; n > 0; n--) {
                    callOrder.add(actor);
                }
            }
        };
        final RunResult<HuntOutcome> r = runtime.run(done -> target.root(kernel, done), strategy,
            new RunOptions(maxSteps, null, trace).withObserver(calls).withMemoryPoints(memoryPoints ? arena : null));
        arena.reportLeaks();
        final Set<Violation> seen = EnumSet.noneOf(Violation.class);
        arena.audit().counts().forEach((v, n) -> {
            if (n > 0) {
                seen.add(v);
            }
        });
        HuntOutcome o = r.result() != null ? r.result() : HuntOutcome.failed("run cut off: " + r.failure());
        o = o.plus(seen, arena.audit().events(), r.foreignSends() == 0 ? List.of()
            : List.of("determinism error: " + r.foreignSends() + " sends from threads the runtime does not control"));
        if (r.result() != null && r.failure() != null) {
            o = o.plus(Set.of(), List.of(), List.of("runtime: " + r.failure()));
        }
        arena.reclaimAllQuiescent();
        pool.reclaimAllQuiescent();
        arena.audit().reset();
        return new Schedule(r, o, List.copyOf(callOrder));
    }

    @Override
    public void close() {
        try {
            pool.close();
        } finally {
            arena.close();
        }
    }
}
