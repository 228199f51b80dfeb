package org.splicelab.actors.deterministic;

import java.util.List;
import java.util.Map;

/**
 * Picks one option at each scheduling choice of a deterministic run. Options arrive ordered by actor
 * path (never by hash), so a strategy that is itself deterministic makes the whole run so. One
 * instance serves one run.
 */
public interface Strategy {
    /**
     * @param kind    what is being chosen
     * @param options at least two keys (actor paths for {@code ACTOR}; sender paths for
     *                {@code MESSAGE}; {@code sender -> receiver} for {@code PROCESS_STEP}), in the
     *                order the answer indexes
     * @return the index of the option to take
     */
    int choose(Decision.Kind kind, List<String> options);

    /**
     * The same choice with what the options would deliver and why ({@link ChoicePoint}); by default
     * {@link #choose(Decision.Kind, List)}. The runtime calls this one.
     */
    default int choose(final ChoicePoint point) {
        return choose(point.kind(), point.options());
    }

    /** How the strategy describes itself in reports. */
    String describe();

    /** Always the first option: the canonical schedule (also what a replay does past its list). */
    static Strategy first() {
        return FirstStrategy.INSTANCE;
    }

    /** Uniform random choices from {@code seed}. */
    static Strategy random(final long seed) {
        return new RandomStrategy(seed);
    }

    /**
     * PCT(d, k) over processes (Burckhardt et al. 2010, with the causal chains of PCTCP, Ozkan et al.
     * 2018): every cause ({@link ChoicePoint}: a process, with the messages it set off) gets a random
     * priority; the message of the highest-priority cause goes first (oldest first within a cause);
     * {@code depth - 1} change points are drawn uniformly among the first {@code steps} choices that
     * offered at least two causes, each lowering the cause about to go below every other. With
     * {@code steps} at least the number of such choices a run makes, a bug of depth d is found with
     * probability at least 1/(n·k^(d−1)) per run, n the number of causes.
     */
    static Strategy pct(final long seed, final int depth, final int steps) {
        return new PctStrategy(seed, depth, steps);
    }

    /**
     * A sampler uniform over the interleavings of process steps of a gated run ({@link Gates}):
     * {@code lengths} says how many steps each process (by key) makes; each choice takes a process with
     * probability proportional to the steps it has left, which draws every interleaving of independent
     * processes with the same probability (1 over the multinomial). Pass it as the run's
     * {@link RunOptions#withObserver observer} too: it counts the steps that were not choices.
     */
    static UniformInterleavings uniformInterleavings(final long seed, final Map<String, Long> lengths) {
        return new UniformInterleavings(seed, lengths);
    }

    /**
     * Follows {@code decisions}; past their end, the first option. {@code strict}: a decision whose
     * kind or option count differs from the run's is a divergence ({@link ReplayStrategy#divergence()}).
     */
    static ReplayStrategy replay(final List<Decision> decisions, final boolean strict) {
        return new ReplayStrategy(decisions, strict);
    }
}
