package org.splicelab.litmus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.splicelab.actors.Execution;
import org.splicelab.actors.ExecutionResult;
import org.splicelab.actors.Kernel;
import org.splicelab.actors.WorldSpec;
import org.splicelab.actors.deterministic.Decision;
import org.splicelab.actors.deterministic.DeterministicRuntime;
import org.splicelab.actors.deterministic.Gates;
import org.splicelab.actors.deterministic.RunObserver;
import org.splicelab.actors.deterministic.RunOptions;
import org.splicelab.actors.deterministic.RunResult;
import org.splicelab.actors.deterministic.SourceDpor;
import org.splicelab.actors.deterministic.Strategy;
import org.splicelab.actors.deterministic.UniformInterleavings;
import org.splicelab.protocols.Program;
import org.splicelab.protocols.Syscall;

/**
 * The executions a litmus run counts, produced as it iterates. One process: one execution. Several:
 * on the deterministic runtime, over the interleavings of <em>process steps</em> ({@link
 * Gates#litmusProcesses()}: each choice sends one process's next request to its object, and
 * everything that request sets off runs before the next choice), in one of three ways ({@link Mode}):
 * <ul>
 *   <li>the naive walk: depth-first over every interleaving, when the upper bound (the multinomial of
 *       each process's requests, exit closes included) is at most {@code exhaustiveLimit}; a state's
 *       count is then the number of interleavings reaching it;</li>
 *   <li>partial-order reduction ({@link SourceDpor} with {@link ProcessStepFootprints}): one execution
 *       per class of equivalent interleavings (steps that commute swapped), the same final states as
 *       the naive walk, when that takes at most {@code exhaustiveLimit} executions;</li>
 *   <li>sampling: {@code executions} interleavings drawn uniformly ({@link UniformInterleavings}) from
 *       {@code seed}.</li>
 * </ul>
 * The first two make Always/Sometimes/Never exact for every interleaving of process steps.
 */
public final class Exploration implements Iterable<ExecutionResult> {
    /** How a multi-process test is explored. */
    public enum Mode {
        /** The naive walk when small enough, else partial-order reduction, else sampling. */
        AUTO,
        /** The naive walk up to the limit, else sampling. */
        NAIVE,
        /** Partial-order reduction up to the limit, else sampling. */
        DPOR,
        /** Sampling only. */
        SAMPLED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses {@code auto}, {@code naive}, {@code dpor} or {@code sampled}. */
        public static Mode of(final String id) {
            for (final Mode m : values()) {
                if (m.id().equals(id)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("'" + id + "' is not auto, naive, dpor or sampled");
        }
    }

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

    /** Systematic exploration of a multi-process world (see the class comment), {@link Mode#AUTO}. */
    public static Exploration systematic(final DeterministicRuntime runtime, final Kernel kernel, final WorldSpec world,
                                         final Duration timeout, final int executions, final long seed,
                                         final long exhaustiveLimit) {
        return systematic(runtime, kernel, world, timeout, executions, seed, exhaustiveLimit, Mode.AUTO);
    }

    /** Systematic exploration of a multi-process world in {@code mode}. */
    public static Exploration systematic(final DeterministicRuntime runtime, final Kernel kernel, final WorldSpec world,
                                         final Duration timeout, final int executions, final long seed,
                                         final long exhaustiveLimit, final Mode mode) {
        final Exploration[] self = new Exploration[1];
        self[0] = new Exploration(() -> self[0].explore(runtime, kernel, world, timeout, executions, seed,
            exhaustiveLimit, mode));
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

    /** True when every interleaving of process steps was covered (naive walk or partial-order reduction). */
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
        final java.util.Set<String> sharing = new java.util.HashSet<>();
        for (final WorldSpec.ProcessSpec p : world.processes()) {
            if (p.sharesMemoryOf() != null) {
                sharing.add(p.name());
                sharing.add(p.sharesMemoryOf());
            }
        }
        for (final WorldSpec.ProcessSpec p : world.processes()) {
            long n = requests(p.steps(), sharing.contains(p.name()));
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

    /**
     * Process steps of a program: one per request to an object; with memory shared by threads, a store
     * or load is a step of its own and a vmsplice two (its page references are taken in a step of its own).
     */
    private static long requests(final List<Program.Step> steps, final boolean sharedMemory) {
        long n = 0;
        for (final Program.Step s : steps) {
            if (s instanceof Program.Repeat r) {
                n += (long) r.times() * requests(r.body(), sharedMemory);
            } else if (s instanceof Program.Call c) {
                final boolean memoryOnly = c.syscall() instanceof Syscall.Store || c.syscall() instanceof Syscall.Load;
                n += memoryOnly ? (sharedMemory ? 1 : 0) : sharedMemory && c.syscall() instanceof Syscall.Vmsplice ? 2 : 1;
            }
        }
        return n;
    }

    private static String count(final double bound) {
        return bound < 1e9 ? String.format("%.0f", bound) : String.format("%.3g", bound);
    }

    private Iterator<ExecutionResult> explore(final DeterministicRuntime runtime, final Kernel kernel,
                                              final WorldSpec world, final Duration timeout, final int samples,
                                              final long seed, final long limit, final Mode mode) {
        kernel.deadlockByQuiescence(true);
        kernel.stepLocalCalls(true);
        final double bound = interleavingBound(world);
        String why;
        if ((mode == Mode.AUTO || mode == Mode.NAIVE) && bound <= limit) {
            // the bound is an upper bound: the walk fits, so stream it (a walk of many executions is not held)
            exhaustive = true;
            description = " (exhaustive: every interleaving of process steps)";
            return streamedWalk(runtime, kernel, world, timeout);
        }
        if (mode == Mode.NAIVE) {
            final List<ExecutionResult> all = walk(runtime, kernel, world, timeout, limit);
            if (all != null) {
                exhaustive = true;
                executions = all.size();
                description = " (exhaustive: every interleaving of process steps)";
                return all.iterator();
            }
            problems.clear();
            why = "more than " + limit + " interleavings";
        } else {
            why = "up to " + count(bound) + " interleavings of process steps, more than " + limit;
        }
        if (mode != Mode.SAMPLED && mode != Mode.NAIVE) {
            final long[] runs = new long[1];
            final List<ExecutionResult> classes = reduce(runtime, kernel, world, timeout, limit, runs);
            if (classes != null) {
                exhaustive = true;
                executions = classes.size();
                description = " (exhaustive with partial-order reduction: one execution per class of equivalent "
                    + "interleavings of process steps, " + runs[0] + " executions where the naive walk has up to "
                    + count(bound) + ")";
                return classes.iterator();
            }
            why += problems.isEmpty() ? "; partial-order reduction needs more than " + limit + " executions"
                : "; " + String.join("; ", problems);
            problems.clear();
        } else if (mode == Mode.SAMPLED) {
            why = "up to " + count(bound) + " interleavings of process steps, sampling asked for";
        }
        return sample(runtime, kernel, world, timeout, samples, seed, why);
    }

    /** {@code samples} interleavings drawn uniformly, each process's step count learned from a first run. */
    private Iterator<ExecutionResult> sample(final DeterministicRuntime runtime, final Kernel kernel,
                                             final WorldSpec world, final Duration timeout, final int samples,
                                             final long seed, final String why) {
        final Map<String, Long> lengths = new HashMap<>();
        final RunObserver counter = new RunObserver() {
            @Override
            public void processStep(final String sender, final String receiver, final List<String> enabled) {
                lengths.merge(sender, 1L, Long::sum);
            }
        };
        runOne(runtime, kernel, world, timeout, Strategy.first(), Gates.litmusProcesses(), counter);
        description = " (sampled uniformly over interleavings of process steps from seed " + seed + ": " + why + ")";
        return new Iterator<>() {
            private int i;
            private ExecutionResult next;

            @Override
            public boolean hasNext() {
                while (next == null && i < samples) {
                    final UniformInterleavings u = Strategy.uniformInterleavings(seed + i, lengths);
                    final RunResult<ExecutionResult> r = runOne(runtime, kernel, world, timeout, u,
                        Gates.litmusProcesses(), u);
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

    /**
     * Partial-order reduction; null when it needs more than {@code limit} executions. {@code runs[0]}
     * gets the executions it ran (including those of a restart after the dependence grew).
     */
    private List<ExecutionResult> reduce(final DeterministicRuntime runtime, final Kernel kernel, final WorldSpec world,
                                         final Duration timeout, final long limit, final long[] runs) {
        final ProcessStepFootprints footprints = new ProcessStepFootprints(world);
        final SourceDpor<ProcessStepFootprints.Step> dpor = new SourceDpor<>(footprints);
        final List<ExecutionResult> out = new ArrayList<>();
        int merges = -1;
        long total = 0;
        while (dpor.hasNext()) {
            if (total >= limit) {
                return null;
            }
            final SourceDpor<ProcessStepFootprints.Step>.Run run = dpor.next(footprints);
            final RunResult<ExecutionResult> r;
            kernel.arena().tracer(footprints);
            try {
                r = runOne(runtime, kernel, world, timeout, run, Gates.litmusProcesses(), run);
            } finally {
                kernel.arena().tracer(null);
            }
            total++;
            try {
                dpor.completed(run);
            } catch (IllegalStateException e) {
                problems.add("partial-order reduction: " + e.getMessage());
                return null;
            }
            if (r.result() != null) {
                out.add(r.result());
            }
            if (merges < 0) {
                merges = footprints.merges();
            } else if (footprints.merges() > merges) {
                merges = footprints.merges();
                dpor.restart();
            }
        }
        runs[0] = total;
        return out;
    }

    /** The depth-first walk, one execution at a time. */
    private Iterator<ExecutionResult> streamedWalk(final DeterministicRuntime runtime, final Kernel kernel,
                                                   final WorldSpec world, final Duration timeout) {
        return new Iterator<>() {
            private List<Decision> prefix = List.of();
            private ExecutionResult next;

            @Override
            public boolean hasNext() {
                while (next == null && prefix != null) {
                    final RunResult<ExecutionResult> r = runOne(runtime, kernel, world, timeout,
                        Strategy.replay(prefix, false), Gates.litmusProcesses(), null);
                    executions += r.result() != null ? 1 : 0;
                    next = r.result();
                    prefix = successor(r.decisions());
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

    /** The next leaf's prefix in depth-first order after a run that made {@code d}; null after the last. */
    private static List<Decision> successor(final List<Decision> d) {
        int j = d.size() - 1;
        while (j >= 0 && d.get(j).chosen() == d.get(j).options() - 1) {
            j--;
        }
        if (j < 0) {
            return null;
        }
        final List<Decision> next = new ArrayList<>(d.subList(0, j));
        next.add(new Decision(d.get(j).kind(), d.get(j).chosen() + 1, d.get(j).options()));
        return next;
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
                Gates.litmusProcesses(), null);
            if (r.result() != null) {
                out.add(r.result());
            }
            prefix = successor(r.decisions());
            if (prefix == null) {
                return out;
            }
        }
    }

    private RunResult<ExecutionResult> runOne(final DeterministicRuntime runtime, final Kernel kernel,
                                            final WorldSpec world, final Duration timeout, final Strategy strategy,
                                            final Gates gates, final RunObserver observer) {
        kernel.beginExecution();
        final RunResult<ExecutionResult> r = runtime.run(done -> Execution.create(kernel, world, timeout, done), strategy,
            new RunOptions(RunOptions.DEFAULT_MAX_STEPS, gates, null).withObserver(observer));
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
