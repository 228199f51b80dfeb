package org.splicelab.litmus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.splicelab.actors.ExecutionResult;
import org.splicelab.actors.Kernel;
import org.splicelab.actors.Simulator;
import org.splicelab.actors.WorldSpec;
import org.splicelab.actors.deterministic.DeterministicRuntime;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageAudit;
import org.splicelab.memory.Violation;
import org.splicelab.memory.ViolationEvent;
import org.splicelab.protocols.KernelModel;
import org.splicelab.protocols.PageVectorPool;
import org.splicelab.protocols.SyscallResult;

/**
 * Runs a litmus test under one kernel model: executes it (once for one process; for several, every
 * interleaving of process steps or seeded PCT schedules on the deterministic runtime, see
 * {@link Exploration}), counts the distinct final states and grades every condition that applies to the model. Violations no condition names are problems of their own.
 */
public final class LitmusRunner {

    /** How to run. */
    public record Options(int executions, Duration timeout, int frames, Kernel.Options kernel) {
        public static final Options DEFAULT =
            new Options(100, Duration.ofSeconds(10), PageArena.DEFAULT_FRAMES, Kernel.Options.DEFAULT);
    }

    /** A distinct final state and how many executions reached it. */
    public record StateCount(FinalState state, long count) {
    }

    /** A condition's grade. */
    public record Verdict(Condition condition, long holding, long executions, boolean ok) {
    }

    /** Everything one (test, model) run found. */
    public record Outcome(LitmusTest test, KernelModel model, long executions, String exploration,
                          List<StateCount> states, List<Verdict> verdicts, List<String> problems,
                          Map<String, Long> stats) {
        /** Every condition held and nothing unexpected happened. */
        public boolean ok() {
            return problems.isEmpty() && verdicts.stream().allMatch(Verdict::ok);
        }
    }

    private final Simulator simulator;
    private long seed = 1;
    private long exhaustiveLimit = DEFAULT_EXHAUSTIVE_LIMIT;
    private Exploration.Mode mode = Exploration.Mode.AUTO;

    /** Multi-process tests with at most this many interleavings of process steps are explored exhaustively. */
    public static final long DEFAULT_EXHAUSTIVE_LIMIT = 2000;

    public LitmusRunner(final Simulator simulator) {
        this.simulator = simulator;
    }

    /**
     * How multi-process tests are explored (on the shared deterministic runtime, see {@link Exploration}):
     * {@code how}, with at most {@code limit} executions for the naive walk or the partial-order
     * reduction, else {@code executions} interleavings sampled uniformly from {@code seed}.
     */
    public LitmusRunner exploration(final long seed, final long limit, final Exploration.Mode how) {
        this.mode = how;
        return exploration(seed, limit);
    }

    /** {@link #exploration(long, long, Exploration.Mode)} in the mode set before (default auto). */
    public LitmusRunner exploration(final long seed, final long limit) {
        this.seed = seed;
        this.exhaustiveLimit = limit;
        return this;
    }

    public Outcome run(final LitmusTest test, final WorldSpec spec, final KernelModel model, final Options options) {
        final boolean single = test.processes().size() <= 1;
        final Exploration explored;
        final Map<FinalState, Long> counts = new LinkedHashMap<>();
        final Map<Violation, Long> violationExecutions = new EnumMap<>(Violation.class);
        final Map<Violation, ViolationEvent> firstEvent = new EnumMap<>(Violation.class);
        final Set<String> failures = new LinkedHashSet<>();
        final Map<String, Long> stats = new LinkedHashMap<>();
        try (PageArena arena = new PageArena(options.frames(), new PageAudit());
             PageVectorPool pool = new PageVectorPool(1024, PageVectorPool.DEFAULT_ENTRIES)) {
            final Kernel kernel = new Kernel(arena, pool, model, options.kernel());
            explored = single ? Exploration.once(kernel, () -> simulator.run(kernel, spec, options.timeout()))
                : Exploration.systematic(DeterministicRuntime.shared(), kernel, spec, options.timeout(),
                    options.executions(), seed, exhaustiveLimit, mode);
            for (final ExecutionResult r : explored) {
                counts.merge(stateOf(r), 1L, Long::sum);
                for (final Violation v : r.violations()) {
                    violationExecutions.merge(v, 1L, Long::sum);
                }
                for (final ViolationEvent e : r.events()) {
                    firstEvent.putIfAbsent(e.violation(), e);
                }
                if (r.failure() != null) {
                    failures.add(r.failure());
                }
                r.stats().forEach((k, v) -> stats.merge(k, v, Long::sum));
            }
            failures.addAll(explored.problems());
            arena.audit().reset();
        }
        final long executions = explored.executions();
        final List<StateCount> states = new ArrayList<>();
        counts.forEach((s, n) -> states.add(new StateCount(s, n)));
        final List<Verdict> verdicts = grade(test, model, states, executions);
        final Set<Violation> named = EnumSet.noneOf(Violation.class);
        for (final Condition c : test.conditions()) {
            if (c.appliesTo(model)) {
                collectViolations(c.expr(), named);
            }
        }
        final List<String> problems = new ArrayList<>();
        failures.forEach(f -> problems.add("execution failed: " + f));
        violationExecutions.forEach((v, n) -> {
            if (!named.contains(v)) {
                problems.add("unexpected violation(" + v.id() + ") in " + n + " of " + executions + " executions: "
                    + firstEvent.get(v));
            }
        });
        final String exploration = explored.description();
        return new Outcome(test, model, executions, exploration, states, verdicts, problems, stats);
    }

    /** Each condition of {@code test} that applies to {@code model}, graded over {@code states} ({@code executions} in all). */
    public static List<Verdict> grade(final LitmusTest test, final KernelModel model, final List<StateCount> states,
                                      final long executions) {
        final List<Verdict> verdicts = new ArrayList<>();
        for (final Condition c : test.conditions()) {
            if (!c.appliesTo(model)) {
                continue;
            }
            long holding = 0;
            for (final StateCount sc : states) {
                if (Conditions.holds(c.expr(), sc.state())) {
                    holding += sc.count();
                }
            }
            verdicts.add(new Verdict(c, holding, executions, c.kind().satisfied(holding, executions)));
        }
        return verdicts;
    }

    /** True when {@code e} mentions {@code violation(NAME)} anywhere. */
    public static boolean namesViolation(final Expr e) {
        final Set<Violation> found = EnumSet.noneOf(Violation.class);
        collectViolations(e, found);
        return !found.isEmpty();
    }

    private static void collectViolations(final Expr e, final Set<Violation> out) {
        if (e instanceof Expr.Violated v) {
            out.add(v.violation());
        } else if (e instanceof Expr.And a) {
            collectViolations(a.left(), out);
            collectViolations(a.right(), out);
        } else if (e instanceof Expr.Or o) {
            collectViolations(o.left(), out);
            collectViolations(o.right(), out);
        } else if (e instanceof Expr.Not n) {
            collectViolations(n.operand(), out);
        }
    }

    /** The litmus view of an execution's end: registers as values, deadlock, violation names. */
    public static FinalState stateOf(final ExecutionResult r) {
        final Map<String, Value> regs = new LinkedHashMap<>();
        r.registers().forEach((name, result) -> regs.put(name, value(result)));
        final Set<String> violations = new LinkedHashSet<>();
        r.violations().forEach(v -> violations.add(v.id()));
        return new FinalState(regs, r.deadlock(), violations);
    }

    static Value value(final SyscallResult result) {
        if (result instanceof SyscallResult.Count c) {
            return Value.of(c.value());
        } else if (result instanceof SyscallResult.Failure f) {
            return Value.of(f.errno());
        }
        return Value.of(Bytes.of(((SyscallResult.Data) result).bytes()));
    }
}
