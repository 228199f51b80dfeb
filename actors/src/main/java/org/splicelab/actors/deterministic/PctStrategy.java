package org.splicelab.actors.deterministic;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * PCT(d, k): every actor (key) gets a random priority the first time it is an option, at least
 * {@code d}; each choice takes the option of highest priority (ties: the first). At the
 * {@code d - 1} change points, drawn among the first {@code k} choices, the option about to be taken
 * drops to a priority below every initial one ({@code d - 1}, then {@code d - 2}, ...), and the choice
 * is made again. Finds a bug of depth {@code d} with probability at least 1/(n·k^(d−1)).
 *
 * <p>Steps are counted in choices, not in actor steps: a step with one ready actor cannot reorder
 * anything, so it is no place for a change point.
 */
final class PctStrategy implements Strategy {
    private final long seed;
    private final int depth;
    private final int steps;
    private final SplittableRandom random;
    private final int[] changePoints;
    private final Map<String, Integer> priorities = new HashMap<>();
    private int choices;

    PctStrategy(final long seed, final int depth, final int steps) {
        if (depth < 1 || steps < 1) {
            throw new IllegalArgumentException("pct depth=" + depth + " steps=" + steps + " (both must be >= 1)");
        }
        this.seed = seed;
        this.depth = depth;
        this.steps = steps;
        this.random = new SplittableRandom(seed);
        this.changePoints = new int[depth - 1];
        for (int i = 0; i < changePoints.length; i++) {
            changePoints[i] = 1 + random.nextInt(steps);
        }
        Arrays.sort(changePoints);
    }

    @Override
    public int choose(final Decision.Kind kind, final List<String> options) {
        choices++;
        int best = highest(options);
        for (int i = 0; i < changePoints.length; i++) {
            if (changePoints[i] == choices) {
                priorities.put(options.get(best), depth - 1 - i);
                best = highest(options);
            }
        }
        return best;
    }

    private int highest(final List<String> options) {
        int best = 0;
        int bestPriority = Integer.MIN_VALUE;
        for (int i = 0; i < options.size(); i++) {
            final int p = priorities.computeIfAbsent(options.get(i), k -> depth + random.nextInt(1 << 24));
            if (p > bestPriority) {
                best = i;
                bestPriority = p;
            }
        }
        return best;
    }

    @Override
    public String describe() {
        return "pct(seed=" + seed + ", d=" + depth + ", k=" + steps + ")";
    }
}
