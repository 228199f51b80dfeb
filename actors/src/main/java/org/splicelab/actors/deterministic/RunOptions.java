package org.splicelab.actors.deterministic;

import java.util.function.Predicate;

/**
 * How one deterministic run goes: the step limit (a run that takes more is cut off as a livelock),
 * the {@link Gates} of syscall-level exploration (null: every message is a choice), the {@link Trace}
 * to fill (null: no trace, nothing recorded per page), a {@link RunObserver} (null: none), and which
 * actors are processes (by name, the last path element): the causes of the messages a
 * {@link ChoicePoint} shows (default: names starting with {@code proc-}, as litmus and scenario worlds
 * name them).
 */
public record RunOptions(long maxSteps, Gates gates, Trace trace, RunObserver observer, Predicate<String> processes) {
    public static final long DEFAULT_MAX_STEPS = 1_000_000;
    /** Litmus and scenario worlds: processes are {@code proc-NAME}. */
    public static final Predicate<String> PROCESS_NAMES = n -> n.startsWith("proc-");
    public static final RunOptions DEFAULT = new RunOptions(DEFAULT_MAX_STEPS, null, null, null, PROCESS_NAMES);

    /** The options of earlier versions: no observer, processes named {@code proc-*}. */
    public RunOptions(final long maxSteps, final Gates gates, final Trace trace) {
        this(maxSteps, gates, trace, null, PROCESS_NAMES);
    }

    public RunOptions withTrace(final Trace t) {
        return new RunOptions(maxSteps, gates, t, observer, processes);
    }

    public RunOptions withGates(final Gates g) {
        return new RunOptions(maxSteps, g, trace, observer, processes);
    }

    public RunOptions withObserver(final RunObserver o) {
        return new RunOptions(maxSteps, gates, trace, o, processes);
    }

    public RunOptions withProcesses(final Predicate<String> p) {
        return new RunOptions(maxSteps, gates, trace, observer, p);
    }
}
