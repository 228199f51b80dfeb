package org.splicelab.actors.deterministic;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Samples interleavings of process steps uniformly (see {@link Strategy#uniformInterleavings}): at a
 * process-step choice, option i (process p) is taken with probability r(p) / Σ r, r(p) the steps p
 * has left ({@code lengths} minus the steps it took, at least 1). For processes that never block this
 * is exactly uniform over the multinomial of their step counts, as a urn drawn without replacement;
 * a blocked process is simply not an option. Other kinds of choice are uniform. Also a
 * {@link RunObserver}: it counts every process step, chosen or not.
 */
public final class UniformInterleavings implements Strategy, RunObserver {
    private final long seed;
    private final SplittableRandom random;
    private final Map<String, Long> lengths;
    private final Map<String, Long> taken = new HashMap<>();

    UniformInterleavings(final long seed, final Map<String, Long> lengths) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.lengths = Map.copyOf(lengths);
    }

    @Override
    public int choose(final ChoicePoint p) {
        if (p.kind() != Decision.Kind.PROCESS_STEP) {
            return random.nextInt(p.options().size());
        }
        final int n = p.options().size();
        final long[] left = new long[n];
        long total = 0;
        for (int i = 0; i < n; i++) {
            final String process = p.cause(i, 0);
            left[i] = Math.max(1, lengths.getOrDefault(process, 1L) - taken.getOrDefault(process, 0L));
            total += left[i];
        }
        long r = random.nextLong(total);
        for (int i = 0; i < n; i++) {
            r -= left[i];
            if (r < 0) {
                return i;
            }
        }
        return n - 1;
    }

    @Override
    public int choose(final Decision.Kind kind, final List<String> options) {
        return random.nextInt(options.size());
    }

    @Override
    public void processStep(final String sender, final String receiver, final List<String> enabled) {
        taken.merge(sender, 1L, Long::sum);
    }

    @Override
    public String describe() {
        return "uniform(seed=" + seed + ")";
    }
}
