package org.splicelab.hunt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.splicelab.actors.deterministic.Decision;
import org.splicelab.actors.deterministic.DeterministicRuntime;
import org.splicelab.actors.deterministic.ReplayStrategy;
import org.splicelab.actors.deterministic.RunOptions;
import org.splicelab.actors.deterministic.Strategy;
import org.splicelab.actors.deterministic.Trace;
import org.splicelab.memory.ViolationEvent;
import org.splicelab.protocols.KernelModel;

/**
 * Re-runs a recorded decision list on a fresh arena with a {@link Trace}, and renders what happened:
 * which actor took which message, every refcount change with the actor that made it, the choices, the
 * violations where they were reported, and the outcome. The hunter uses it to confirm a finding
 * before writing its replay file; {@code ./splicelab replay} uses it to reproduce one.
 */
public final class Replayer {
    private Replayer() {
    }

    /**
     * A replayed schedule.
     *
     * @param decisions  the choices the run actually made (equal to the input when it did not diverge)
     * @param comments   one line per decision: what it chose among what
     * @param divergence where a strict replay left the recording, or null
     */
    public record Replayed(HuntOutcome outcome, List<Decision> decisions, List<String> comments, Trace trace,
                           String divergence, long steps, int foreignSends) {
        /** The run found what {@code expected} names (or anything, when {@code expected} is empty). */
        public boolean reproduces(final List<String> expected) {
            return expected.isEmpty() ? outcome.found() : outcome.findings().containsAll(expected);
        }
    }

    /** Replays {@code decisions} on {@code target} under {@code model} (strict: divergence is noted), without memory points. */
    public static Replayed replay(final DeterministicRuntime runtime, final HuntTarget target, final KernelModel model,
                                  final List<Decision> decisions, final boolean strict) {
        return replay(runtime, target, model, decisions, strict, false);
    }

    /** Replays {@code decisions}; {@code memoryPoints}: as a schedule that explored memory-level choice points. */
    public static Replayed replay(final DeterministicRuntime runtime, final HuntTarget target, final KernelModel model,
                                  final List<Decision> decisions, final boolean strict, final boolean memoryPoints) {
        final ReplayStrategy strategy = Strategy.replay(decisions, strict);
        final Replayed r = run(runtime, target, model, strategy, memoryPoints);
        String divergence = strategy.divergence();
        if (divergence == null && strict && strategy.unused()) {
            divergence = "the run ended after " + r.decisions().size() + " of " + decisions.size()
                + " recorded decisions";
        }
        return new Replayed(r.outcome(), r.decisions(), r.comments(), r.trace(), divergence, r.steps(), r.foreignSends());
    }

    /** Re-runs the schedule a replay file's seed stands for (its strategy from that seed), traced. */
    public static Replayed replayFromSeed(final DeterministicRuntime runtime, final HuntTarget target,
                                          final KernelModel model, final ReplayFile file) {
        return run(runtime, target, model, Hunter.strategy(file), file.memoryPoints());
    }

    private static Replayed run(final DeterministicRuntime runtime, final HuntTarget target, final KernelModel model,
                                final Strategy strategy, final boolean memoryPoints) {
        try (ScheduleRunner runner = new ScheduleRunner(runtime, target, model, RunOptions.DEFAULT_MAX_STEPS,
            memoryPoints)) {
            final Trace trace = new Trace(runner.arena());
            final ScheduleRunner.Schedule s = runner.run(strategy, trace);
            final List<String> comments = new ArrayList<>();
            for (final Trace.Event e : trace.events()) {
                if (e instanceof Trace.Choice c) {
                    comments.add("step " + c.step() + ": " + c.options().get(c.decision().chosen()) + " of "
                        + c.options());
                }
            }
            return new Replayed(s.outcome(), s.run().decisions(), comments, trace, null, s.run().steps(),
                s.run().foreignSends());
        }
    }

    /**
     * The readable account of a replayed schedule: at the level of system calls ({@link SyscallTrace})
     * when the target reports its calls (a litmus file), else every message.
     */
    public static String render(final HuntTarget target, final KernelModel model, final String how, final Replayed r) {
        return render(target, model, how, r, false);
    }

    /** The account of a replayed schedule; {@code messages}: every message, every refcount change and choice. */
    public static String render(final HuntTarget target, final KernelModel model, final String how, final Replayed r,
                                final boolean messages) {
        final StringBuilder sb = new StringBuilder();
        final List<String> calls = messages ? null : SyscallTrace.render(r.trace().events(), r.outcome().calls());
        sb.append("Trace of ").append(target.name()).append(" under ").append(model.id()).append(" (").append(how)
            .append("): ");
        if (!r.outcome().calls().isEmpty()) {
            sb.append(r.outcome().calls().size()).append(" system calls, ");
        }
        sb.append(r.steps()).append(" actor steps, ").append(r.decisions().size()).append(" decisions\n");
        if (calls != null) {
            sb.append("    #  proc system call = result (under it: refcounts it changed, before -> after; "
                + "violations)\n");
            calls.forEach(l -> sb.append(l).append('\n'));
            sb.append("Outcome: ").append(r.outcome().state()).append('\n');
        } else {
            sb.append("  step  actor               event (refcounts before -> after; choices show the option taken)\n");
            sb.append(r.trace().render());
            sb.append("Outcome: ").append(r.outcome().state()).append('\n');
            if (r.outcome().calls().isEmpty()) {
                for (final String d : r.outcome().details()) {
                    sb.append("  ").append(d).append('\n');
                }
            } else {
                for (final HuntOutcome.Call c : SyscallTrace.inOrder(r.trace().events(), r.outcome().calls())) {
                    sb.append(String.format("  %s line %d: %-40s -> %s%n", c.process(), c.line(), c.source(), c.result()));
                }
            }
        }
        if (r.outcome().found()) {
            sb.append("Found:\n");
            for (final String f : r.outcome().findings()) {
                sb.append("  ").append(f).append('\n');
            }
            for (final ViolationEvent e : r.outcome().events()) {
                sb.append("  ").append(e.violation().id()).append(": ").append(e.operation()).append(" on ")
                    .append(org.splicelab.memory.PageRef.toString(e.pageRef()))
                    .append(e.detail().isEmpty() ? "" : " (" + e.detail() + ")").append('\n');
            }
        } else {
            sb.append("Found nothing.\n");
        }
        if (r.foreignSends() > 0) {
            sb.append("determinism error: ").append(r.foreignSends())
                .append(" sends from threads the runtime does not control\n");
        }
        return sb.toString();
    }

    /**
     * The target a replay file names: a {@code .litmus} path (as written, else relative to the replay
     * file's folder, else the file of that name beside it) or {@code class:FQCN}.
     */
    public static HuntTarget resolve(final String reference, final Path replayFile) {
        return resolve(reference, Map.of(), replayFile);
    }

    /**
     * The target a replay file names, with its {@code target-parameters}: also {@code scenario:NAME} or
     * {@code scenario:PATH} ({@link ScenarioTarget}; a bad scenario throws
     * {@link org.splicelab.scenario.ScenarioException}).
     */
    public static HuntTarget resolve(final String reference, final Map<String, String> parameters,
                                     final Path replayFile) {
        if (reference.startsWith(ScenarioTarget.PREFIX)) {
            return ScenarioTarget.resolve(reference, parameters, replayFile);
        }
        if (reference.startsWith("class:")) {
            final String cls = reference.substring("class:".length());
            try {
                return (HuntTarget) Class.forName(cls).getConstructor().newInstance();
            } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
                throw new IllegalArgumentException("expected a class implementing HuntTarget with a public "
                    + "no-argument constructor, found " + reference + (e instanceof ClassNotFoundException
                    ? ": no such class" : e instanceof ClassCastException ? ": not a HuntTarget"
                    : e instanceof NoSuchMethodException ? ": no public no-argument constructor"
                    : ": it cannot be created"), e);
            }
        }
        Path p = Path.of(reference);
        final Path dir = replayFile == null || replayFile.toAbsolutePath().getParent() == null ? Path.of(".")
            : replayFile.toAbsolutePath().getParent();
        if (!Files.exists(p) && !p.isAbsolute()) {
            p = dir.resolve(reference);
        }
        if (!Files.exists(p) && p.getFileName() != null) {
            p = dir.resolve(p.getFileName().toString());
        }
        if (!Files.exists(p)) {
            throw new IllegalArgumentException("expected a litmus file (as written, or beside the replay file), found "
                + reference + ": no such file");
        }
        return LitmusTarget.load(p);
    }
}
