package org.splicelab.actors.deterministic;

import java.util.List;
import java.util.SplittableRandom;

/** Uniformly random choices from a seed. */
final class RandomStrategy implements Strategy {
    private final long seed;
    private final SplittableRandom random;

    RandomStrategy(final long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public int choose(final Decision.Kind kind, final List<String> options) {
        return random.nextInt(options.size());
    }

    @Override
    public String describe() {
        return "random(seed=" + seed + ")";
    }
}
