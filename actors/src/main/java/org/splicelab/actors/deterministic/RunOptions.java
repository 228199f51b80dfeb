package org.splicelab.actors.deterministic;

/**
 * How one deterministic run goes: the step limit (a run that takes more is cut off as a livelock),
 * the {@link Gates} of syscall-level exploration (null: every message is a choice), and the
 * {@link Trace} to fill (null: no trace, nothing recorded per page).
 */
public record RunOptions(long maxSteps, Gates gates, Trace trace) {
    public static final long DEFAULT_MAX_STEPS = 1_000_000;
    public static final RunOptions DEFAULT = new RunOptions(DEFAULT_MAX_STEPS, null, null);

    public RunOptions withTrace(final Trace t) {
        return new RunOptions(maxSteps, gates, t);
    }

    public RunOptions withGates(final Gates g) {
        return new RunOptions(maxSteps, g, trace);
    }
}
