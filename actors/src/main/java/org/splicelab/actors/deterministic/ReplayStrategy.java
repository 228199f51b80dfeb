package org.splicelab.actors.deterministic;

import java.util.List;

/**
 * Follows a recorded decision list; past its end, option 0. Lenient (for shrinking) it takes a
 * recorded choice modulo the options there are; strict it notes the first place where the run
 * differs from the recording (another kind of choice, or another number of options).
 */
public final class ReplayStrategy implements Strategy {
    private final List<Decision> decisions;
    private final boolean strict;
    private int next;
    private String divergence;

    ReplayStrategy(final List<Decision> decisions, final boolean strict) {
        this.decisions = List.copyOf(decisions);
        this.strict = strict;
    }

    @Override
    public int choose(final Decision.Kind kind, final List<String> options) {
        final int n = options.size();
        if (next >= decisions.size()) {
            next++;
            return 0;
        }
        final Decision d = decisions.get(next++);
        if (strict && divergence == null && (d.kind() != kind || d.options() != n)) {
            divergence = "decision " + next + ": recorded " + d + " but the run offered " + kind.letter() + "?/" + n
                + " " + options;
        }
        return d.chosen() % n;
    }

    /** Where a strict replay first left the recording, or null when it never did. */
    public String divergence() {
        return divergence;
    }

    /** True when the run made fewer choices than were recorded (it ended early). */
    public boolean unused() {
        return next < decisions.size();
    }

    @Override
    public String describe() {
        return "replay(" + decisions.size() + " decisions" + (strict ? ", strict" : "") + ")";
    }
}
