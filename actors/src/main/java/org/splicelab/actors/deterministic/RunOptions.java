package org.splicelab.actors.deterministic;

import java.util.function.Predicate;
import org.splicelab.memory.PageArena;

/**
 * How one deterministic run goes: the step limit (a run that takes more is cut off as a livelock),
 * the {@link Gates} of syscall-level exploration (null: every message is a choice), the {@link Trace}
 * to fill (null: no trace, nothing recorded per page), a {@link RunObserver} (null: none), which
 * actors are processes (by name, the last path element): the causes of the messages a
 * {@link ChoicePoint} shows (default: names starting with {@code proc-}, as litmus and scenario worlds
 * name them), and the arena whose memory-level choice points are explored ({@code memoryPoints}; null:
 * none, every actor step runs whole).
 *
 * <p>With memory points ({@link #withMemoryPoints}) each actor step runs on a worker thread the runtime
 * controls (one runs at a time), and at every {@link org.splicelab.memory.SchedulePoints point} of the
 * arena's operations (a page-cache lookup between its load and its reference, a steal between its
 * check and its removal, ...) the step may be suspended while another step runs or resumes: those are
 * {@link Decision.Kind#MEMORY} choices. Not with gates.
 */
public record RunOptions(long maxSteps, Gates gates, Trace trace, RunObserver observer, Predicate<String> processes,
                         PageArena memoryPoints) {
    public static final long DEFAULT_MAX_STEPS = 1_000_000;
    /** Litmus and scenario worlds: processes are {@code proc-NAME}. */
    public static final Predicate<String> PROCESS_NAMES = n -> n.startsWith("proc-");
    public static final RunOptions DEFAULT = new RunOptions(DEFAULT_MAX_STEPS, null, null, null, PROCESS_NAMES, null);

    public RunOptions {
        if (memoryPoints != null && gates != null) {
            throw new IllegalArgumentException("memory points and gates do not go together: gated exploration "
                + "chooses between whole process steps");
        }
    }

    /** The options of earlier versions: no observer, processes named {@code proc-*}, no memory points. */
    public RunOptions(final long maxSteps, final Gates gates, final Trace trace) {
        this(maxSteps, gates, trace, null, PROCESS_NAMES, null);
    }

    /** Without memory points. */
    public RunOptions(final long maxSteps, final Gates gates, final Trace trace, final RunObserver observer,
                      final Predicate<String> processes) {
        this(maxSteps, gates, trace, observer, processes, null);
    }

    public RunOptions withTrace(final Trace t) {
        return new RunOptions(maxSteps, gates, t, observer, processes, memoryPoints);
    }

    public RunOptions withGates(final Gates g) {
        return new RunOptions(maxSteps, g, trace, observer, processes, memoryPoints);
    }

    public RunOptions withObserver(final RunObserver o) {
        return new RunOptions(maxSteps, gates, trace, o, processes, memoryPoints);
    }

    public RunOptions withProcesses(final Predicate<String> p) {
        return new RunOptions(maxSteps, gates, trace, observer, p, memoryPoints);
    }

    /** Explores the memory-level choice points of {@code arena}'s operations (null: none). */
    public RunOptions withMemoryPoints(final PageArena arena) {
        return new RunOptions(maxSteps, gates, trace, observer, processes, arena);
    }
}
