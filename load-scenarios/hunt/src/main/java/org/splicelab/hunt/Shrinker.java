package org.splicelab.hunt;

import java.util.ArrayList;
import java.util.List;
import org.splicelab.actors.deterministic.Decision;
import org.splicelab.actors.deterministic.DeterministicRuntime;
import org.splicelab.actors.deterministic.RunOptions;
import org.splicelab.actors.deterministic.Strategy;
import org.splicelab.actors.deterministic.Trace;
import org.splicelab.protocols.KernelModel;

/**
 * Cuts a failing decision list down to a small one that still fails the same way (delta debugging,
 * Zeller's ddmin): first removes chunks of decisions (a shorter list; past its end every choice takes
 * the first option), then sets chunks of the remaining choices to the first option. A candidate
 * "still fails" when its run finds the original's first finding, and it is kept only when its trace
 * ({@link SyscallTrace}; for targets without system calls, the switches between processes) is no
 * longer than the best so far, so the shrunk schedule never reads longer than the original. The result is the list the last failing run
 * actually made, trimmed of trailing first options, so it replays strictly.
 */
public final class Shrinker {
    /**
     * A shrink: before and after, how many runs it took, and how often the process completing a system
     * call changed before and after.
     */
    public record Result(List<Decision> original, List<Decision> shrunk, int runs, String finding,
                         int originalSwitches, int shrunkSwitches) {
        public long nonDefault(final List<Decision> d) {
            return d.stream().filter(x -> x.chosen() != 0).count();
        }
    }

    private final DeterministicRuntime runtime;
    private final HuntTarget target;
    private final KernelModel model;
    private final int maxRuns;
    private final boolean memoryPoints;
    private int runs;
    private int bestSwitches;
    /** The best candidate's trace length: system-call trace lines, else switches between processes. */
    private int bestLength;
    private int lastLength;

    /** @param maxRuns the most candidate runs to try (the shrink stops, keeping its best, when reached) */
    public Shrinker(final DeterministicRuntime runtime, final HuntTarget target, final KernelModel model,
                    final int maxRuns) {
        this(runtime, target, model, maxRuns, false);
    }

    /** @param memoryPoints the schedules explore memory-level choice points (as the replay file says) */
    public Shrinker(final DeterministicRuntime runtime, final HuntTarget target, final KernelModel model,
                    final int maxRuns, final boolean memoryPoints) {
        this.runtime = runtime;
        this.target = target;
        this.model = model;
        this.maxRuns = maxRuns;
        this.memoryPoints = memoryPoints;
    }

    /**
     * Shrinks {@code decisions}, which must find {@code finding} (e.g. {@code violation(page-leak)}).
     * Throws {@link IllegalArgumentException} when they do not.
     */
    public Result shrink(final List<Decision> decisions, final String finding) {
        runs = 0;
        try (ScheduleRunner runner = new ScheduleRunner(runtime, target, model, RunOptions.DEFAULT_MAX_STEPS,
            memoryPoints).recordingCalls()) {
            bestLength = Integer.MAX_VALUE;
            final ScheduleRunner.Schedule first = failing(runner, decisions, finding);
            if (first == null) {
                throw new IllegalArgumentException("the decision list does not find " + finding);
            }
            bestSwitches = first.switches();
            bestLength = lastLength;
            List<Decision> best = first.run().decisions();
            final int before = bestSwitches;
            best = removeChunks(runner, best, finding);
            best = zeroChunks(runner, best, finding);
            return new Result(List.copyOf(decisions), trim(best), runs, finding, before, bestSwitches);
        }
    }

    /** ddmin over the list's elements: try removing each of n chunks, then finer. */
    private List<Decision> removeChunks(final ScheduleRunner runner, final List<Decision> start, final String finding) {
        List<Decision> best = start;
        int n = 2;
        while (best.size() >= 1 && runs < maxRuns) {
            final int chunk = Math.max(1, (best.size() + n - 1) / n);
            boolean reduced = false;
            for (int from = 0; from < best.size() && runs < maxRuns; from += chunk) {
                final List<Decision> candidate = new ArrayList<>(best.subList(0, from));
                candidate.addAll(best.subList(Math.min(best.size(), from + chunk), best.size()));
                final ScheduleRunner.Schedule made = failing(runner, candidate, finding);
                if (made != null && trim(made.run().decisions()).size() < best.size()) {
                    best = trim(made.run().decisions());
                    bestSwitches = made.switches();
                    bestLength = lastLength;
                    n = Math.max(n - 1, 2);
                    reduced = true;
                    break;
                }
            }
            if (!reduced) {
                if (chunk == 1) {
                    break;
                }
                n = Math.min(best.size(), n * 2);
            }
        }
        return best;
    }

    /** ddmin over the non-first choices: try setting chunks of them to the first option. */
    private List<Decision> zeroChunks(final ScheduleRunner runner, final List<Decision> start, final String finding) {
        List<Decision> best = start;
        int n = 2;
        while (runs < maxRuns) {
            final List<Integer> positions = new ArrayList<>();
            for (int i = 0; i < best.size(); i++) {
                if (best.get(i).chosen() != 0) {
                    positions.add(i);
                }
            }
            if (positions.isEmpty()) {
                break;
            }
            n = Math.min(n, positions.size());
            final int chunk = Math.max(1, (positions.size() + n - 1) / n);
            boolean reduced = false;
            for (int from = 0; from < positions.size() && runs < maxRuns; from += chunk) {
                final List<Decision> candidate = new ArrayList<>(best);
                for (final int p : positions.subList(from, Math.min(positions.size(), from + chunk))) {
                    final Decision d = candidate.get(p);
                    candidate.set(p, new Decision(d.kind(), 0, d.options()));
                }
                final ScheduleRunner.Schedule made = failing(runner, candidate, finding);
                if (made != null && nonFirst(trim(made.run().decisions())) < positions.size()) {
                    best = trim(made.run().decisions());
                    bestSwitches = made.switches();
                    bestLength = lastLength;
                    n = Math.max(n - 1, 2);
                    reduced = true;
                    break;
                }
            }
            if (!reduced) {
                if (chunk == 1) {
                    break;
                }
                n = Math.min(positions.size(), n * 2);
            }
        }
        return best;
    }

    /**
     * Runs a candidate; returns its schedule when it still finds {@code finding} with no more switches
     * between processes than the best so far, else null.
     */
    private ScheduleRunner.Schedule failing(final ScheduleRunner runner, final List<Decision> candidate,
                                            final String finding) {
        runs++;
        final Trace trace = new Trace(runner.arena());
        final ScheduleRunner.Schedule s = runner.run(Strategy.replay(candidate, false), trace);
        if (!s.outcome().findings().contains(finding)) {
            return null;
        }
        final List<String> lines = SyscallTrace.render(trace.events(), s.outcome().calls());
        final int length = lines != null ? lines.size() : s.switches();
        if (length > bestLength) {
            return null;
        }
        lastLength = length;
        return s;
    }

    private static long nonFirst(final List<Decision> d) {
        return d.stream().filter(x -> x.chosen() != 0).count();
    }

    /** Without trailing first options (a replay takes those anyway). */
    public static List<Decision> trim(final List<Decision> d) {
        int end = d.size();
        while (end > 0 && d.get(end - 1).chosen() == 0) {
            end--;
        }
        return List.copyOf(d.subList(0, end));
    }
}
