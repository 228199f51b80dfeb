package org.splicelab.actors.deterministic;

import java.util.List;

/**
 * Picks one option at each scheduling choice of a deterministic run. Options arrive ordered by actor
 * path (never by hash), so a strategy that is itself deterministic makes the whole run so. One
 * instance serves one run.
 */
public interface Strategy {
    /**
     * @param kind    what is being chosen
     * @param options at least two keys (actor paths for {@code ACTOR}; sender paths for
     *                {@code MESSAGE} and {@code PROCESS_STEP}), in the order the answer indexes
     * @return the index of the option to take
     */
    int choose(Decision.Kind kind, List<String> options);

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
     * PCT(d, k) (Burckhardt et al. 2010): random actor priorities from {@code seed}, the highest ready
     * one runs; {@code depth - 1} priority change points among the first {@code steps} choices.
     */
    static Strategy pct(final long seed, final int depth, final int steps) {
        return new PctStrategy(seed, depth, steps);
    }

    /**
     * Follows {@code decisions}; past their end, the first option. {@code strict}: a decision whose
     * kind or option count differs from the run's is a divergence ({@link ReplayStrategy#divergence()}).
     */
    static ReplayStrategy replay(final List<Decision> decisions, final boolean strict) {
        return new ReplayStrategy(decisions, strict);
    }
}
