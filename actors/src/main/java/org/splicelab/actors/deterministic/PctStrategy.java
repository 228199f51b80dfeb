package org.splicelab.actors.deterministic;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * PCT(d, k) with causes as its threads: every cause of a message ({@link ChoicePoint#cause}: a
 * process, or the receiver of a message no process caused) gets a random priority of at least
 * {@code d} the first time it appears; each choice takes the option carrying the message of highest
 * priority (ties: the oldest message, then the first option), so a process's request, the messages it
 * sets off and its reply run before any lower process moves. At the {@code d - 1} change points,
 * drawn uniformly in 1..k, the cause about to go drops to a priority below every initial one
 * ({@code d - 1}, then {@code d - 2}, ...) and the choice is made again. Change points are counted in
 * <em>chain choices</em>, choices offering messages of two causes or more (the only ones a priority
 * can reorder): the same count as {@link RunResult#chainChoices()}, from which the hunter learns k.
 */
final class PctStrategy implements Strategy {
    private final long seed;
    private final int depth;
    private final int steps;
    private final SplittableRandom random;
    private final int[] changePoints;
    private final Map<String, Integer> priorities = new HashMap<>();
    private int chainChoices;

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
    public int choose(final ChoicePoint p) {
        final boolean counted = p.causes().size() >= 2;
        int best = best(p);
        if (counted) {
            chainChoices++;
            for (int i = 0; i < changePoints.length; i++) {
                if (changePoints[i] == chainChoices) {
                    priorities.put(bestCause, depth - 1 - i);
                    best = best(p);
                }
            }
        }
        return best;
    }

    /** Without causes, every option is its own (actor-level PCT). */
    @Override
    public int choose(final Decision.Kind kind, final List<String> options) {
        return choose(new ChoicePoint() {
            @Override
            public Decision.Kind kind() {
                return kind;
            }

            @Override
            public List<String> options() {
                return options;
            }

            @Override
            public int heads(final int option) {
                return 1;
            }

            @Override
            public String cause(final int option, final int head) {
                return options.get(option);
            }

            @Override
            public long sequence(final int option, final int head) {
                return option;
            }
        });
    }

    private String bestCause;

    private int best(final ChoicePoint p) {
        int best = 0;
        int bestPriority = Integer.MIN_VALUE;
        long bestSequence = Long.MAX_VALUE;
        bestCause = null;
        for (int i = 0; i < p.options().size(); i++) {
            for (int h = 0; h < p.heads(i); h++) {
                final String c = p.cause(i, h);
                final int pr = priorities.computeIfAbsent(c, k -> depth + random.nextInt(1 << 24));
                final long s = p.sequence(i, h);
                if (pr > bestPriority || pr == bestPriority && s < bestSequence) {
                    best = i;
                    bestPriority = pr;
                    bestSequence = s;
                    bestCause = c;
                }
            }
        }
        return best;
    }

    @Override
    public String describe() {
        return "pct(seed=" + seed + ", d=" + depth + ", k=" + steps + ")";
    }
}
