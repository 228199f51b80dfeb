package org.splicelab.litmus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.splicelab.actors.Execution;
import org.splicelab.actors.ExecutionResult;
import org.splicelab.actors.Kernel;
import org.splicelab.actors.WorldSpec;
import org.splicelab.actors.deterministic.Decision;
import org.splicelab.actors.deterministic.DeterministicRuntime;
import org.splicelab.actors.deterministic.Gates;
import org.splicelab.actors.deterministic.RunOptions;
import org.splicelab.actors.deterministic.RunResult;
import org.splicelab.actors.deterministic.Strategy;
import org.splicelab.protocols.Program;
import org.splicelab.protocols.Syscall;

/**
 * The executions a litmus run counts, produced as it iterates. One process: one execution. Several:
 * on the deterministic runtime, <em>every interleaving of process steps</em> when the test is small (a
 * depth-first walk of the syscall-level choice tree, {@link Gates#litmusProcesses()}: each choice
 * sends one process's next request to its object, and everything that request sets off runs before
 * the next choice), which makes Always/Sometimes/Never exact for those interleavings; else
 * {@code executions} seeded PCT schedules at message granularity. "Small" means the upper bound
 * (multinomial of each process's requests, exit closes included) is at most {@code exhaustiveLimit};
 * a walk that still outgrows it falls back to PCT.
 */
public final class Exploration implements Iterable<ExecutionResult> {
    /** Depth of the PCT fallback. */
    static final int PCT_DEPTH = 3;

    private final Supplier<Iterator<ExecutionResult>> source;
    private long executions;
    private String description = "";
    private boolean exhaustive;
    private final List<String> problems = new ArrayList<>();

    private Exploration(final Supplier<Iterator<ExecutionResult>> source) {
        this.source = source;
    }

    /** One execution from {@code run} (a single-process test). */
    public static Exploration once(final Kernel kernel, final Supplier<ExecutionResult> run) {
        return new Exploration(() -> {
            kernel.beginExecution();
            return List.of(run.get()).iterator();
        }).counting(1);
    }

    private Exploration counting(final long n) {
        executions = n;
        return this;
    }

    /** Systematic exploration of a multi-process world (see the class comment). */
    public static Exploration systematic(final DeterministicRuntime runtime, final Kernel kernel, final WorldSpec world,
                                         final Duration timeout, final int executions, final long seed,
                                         final long exhaustiveLimit) {
        final Exploration[] self = new Exploration[1];
        self[0] = new Exploration(() -> self[0].explore(runtime, kernel, world, timeout, executions, seed,
            exhaustiveLimit));
        return self[0];
    }

    @Override
    public Iterator<ExecutionResult> iterator() {
        return source.get();
    }

    /** Executions produced (after iterating). */
    public long executions() {
        return executions;
    }

    /** True when every interleaving of process steps was run. */
    public boolean exhaustive() {
        return exhaustive;
    }

    /** How the executions were chosen, for the report's header (empty for one process). */
    public String description() {
        return description;
    }

    /** Runs that reported nothing (cut off) or escaped the runtime's control. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** The upper bound on interleavings of process steps: multinomial of each process's request count. */
    public static double interleavingBound(final WorldSpec world) {
        double logBound = 0;
        long total = 0;
        for (final WorldSpec.ProcessSpec p : world.processes()) {
            long n = requests(p.steps());
            for (final String d : p.fds().values()) {
                n += world.descriptors().stream().anyMatch(x -> x.name().equals(d) && x.kind() != WorldSpec.Kind.FILE)
                    ? 1 : 0;
            }
            for (long i = 1; i <= n; i++) {
                logBound += Math.log(total + i) - Math.log(i);
            }
            total += n;
        }
        return Math.exp(logBound);
    }

    private static long requests(final List<Program.Step> steps) {
        long n = 0;
        for (final Program.Step s : steps) {
            if (s instanceof Program.Repeat r) {
                n += (long) r.times() * requests(r.body());
            } else if (s instanceof Program.Call c && !(c.syscall() instanceof Syscall.Store)
                && !(c.syscall() instanceof Syscall.Load)) {
                n++;
            }
        }
        return n;
    }

    private Iterator<ExecutionResult> explore(final DeterministicRuntime runtime, final Kernel kernel,
                                              final WorldSpec world, final Duration timeout, final int pctExecutions,
                                              final long seed, final long exhaustiveLimit) {
        kernel.deadlockByQuiescence(true);
        kernel.stepLocalCalls(true);
        final double bound = interleavingBound(world);
        if (bound <= exhaustiveLimit) {
            final List<ExecutionResult> all = walk(runtime, kernel, world, timeout, exhaustiveLimit);
            if (all != null) {
                exhaustive = true;
                executions = all.size();
                description = " (exhaustive: every interleaving of process steps)";
                return all.iterator();
            }
            problems.clear();
        }
        final int k = Math.max(1, runOne(runtime, kernel, world, timeout, Strategy.first(), null).decisions().size());
        final String why = bound <= exhaustiveLimit ? "more than " + exhaustiveLimit + " interleavings"
            : String.format("up to %.3g interleavings of process steps, more than %d", bound, exhaustiveLimit);
        description = " (seeded PCT d=" + PCT_DEPTH + " k=" + k + " from seed " + seed + ", sampled: " + why + ")";
        return new Iterator<>() {
            private int i;
            private ExecutionResult next;

            @Override
            public boolean hasNext() {
                while (next == null && i < pctExecutions) {
                    final RunResult<ExecutionResult> r = runOne(runtime, kernel, world, timeout,
                        Strategy.pct(seed + i, PCT_DEPTH, k), null);
                    i++;
                    executions++;
                    next = r.result();
                }
                return next != null;
            }

            @Override
            public ExecutionResult next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                final ExecutionResult r = next;
                next = null;
                return r;
            }
        };
    }

    /** Depth-first over the choice tree; null when it has more than {@code limit} leaves. */
    private List<ExecutionResult> walk(final DeterministicRuntime runtime, final Kernel kernel, final WorldSpec world,
                                       final Duration timeout, final long limit) {
        final List<ExecutionResult> out = new ArrayList<>();
        List<Decision> prefix = List.of();
        while (true) {
            if (out.size() >= limit) {
                return null;
            }
            final RunResult<ExecutionResult> r = runOne(runtime, kernel, world, timeout, Strategy.replay(prefix, false),
                Gates.litmusProcesses());
            if (r.result() != null) {
                out.add(r.result());
            }
            final List<Decision> d = r.decisions();
            int j = d.size() - 1;
            while (j >= 0 && d.get(j).chosen() == d.get(j).options() - 1) {
                j--;
            }
            if (j < 0) {
                return out;
            }
            final List<Decision> next = new ArrayList<>(d.subList(0, j));
            next.add(new Decision(d.get(j).kind(), d.get(j).chosen() + 1, d.get(j).options()));
            prefix = next;
        }
    }

    private RunResult<ExecutionResult> runOne(final DeterministicRuntime runtime, final Kernel kernel,
                                            final WorldSpec world, final Duration timeout, final Strategy strategy,
                                            final Gates gates) {
        kernel.beginExecution();
        final RunResult<ExecutionResult> r = runtime.run(done -> Execution.create(kernel, world, timeout, done), strategy,
            new RunOptions(RunOptions.DEFAULT_MAX_STEPS, gates, null));
        if (r.result() == null) {
            problems.add("run cut off (" + r.failure() + ") under " + r.strategy());
            kernel.arena().reclaimAllQuiescent();
            kernel.vectors().reclaimAllQuiescent();
        }
        if (r.foreignSends() > 0) {
            problems.add("determinism error: " + r.foreignSends() + " sends from threads the runtime does not control");
        }
        return r;
    }
}
