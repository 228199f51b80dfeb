package org.splicelab.hunt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.splicelab.memory.Violation;
import org.splicelab.memory.ViolationEvent;

/**
 * How one schedule of a {@link HuntTarget} ended: a one-line final state (for outcome counts), the
 * violations the checker reported, their events, the failed per-schedule checks ({@code expect} that
 * did not hold, {@code forbid} that did, a run cut off, a determinism error), lines worth printing, and
 * the system calls each process completed, in its program order (a litmus target's; empty otherwise),
 * from which a trace is written at the level of system calls, and the {@code exists} conditions its state
 * satisfies (as {@code line N: C}; what jcstress grades ACCEPTABLE_INTERESTING).
 */
public record HuntOutcome(String state, Set<Violation> violations, List<ViolationEvent> events, List<String> failures,
                          List<String> details, List<Call> calls, List<String> witnessed) {
    /** One completed system call: the process, its litmus line and source text, and the result as litmus writes it. */
    public record Call(String process, int line, String source, String result) {
    }

    public HuntOutcome {
        violations = violations.isEmpty() ? Collections.unmodifiableSet(EnumSet.noneOf(Violation.class))
            : Collections.unmodifiableSet(EnumSet.copyOf(violations));
        events = List.copyOf(events);
        failures = List.copyOf(failures);
        details = List.copyOf(details);
        calls = List.copyOf(calls);
        witnessed = List.copyOf(witnessed);
    }

    /** An outcome that witnesses no {@code exists} condition. */
    public HuntOutcome(final String state, final Set<Violation> violations, final List<ViolationEvent> events,
                       final List<String> failures, final List<String> details, final List<Call> calls) {
        this(state, violations, events, failures, details, calls, List.of());
    }

    /** An outcome without system calls. */
    public HuntOutcome(final String state, final Set<Violation> violations, final List<ViolationEvent> events,
                       final List<String> failures, final List<String> details) {
        this(state, violations, events, failures, details, List.of());
    }

    /** An outcome with only a state and violations. */
    public static HuntOutcome of(final String state, final Set<Violation> violations) {
        return new HuntOutcome(state, violations, List.of(), List.of(), List.of());
    }

    /** A schedule that never reported (cut off, or the runtime failed). */
    public static HuntOutcome failed(final String why) {
        return new HuntOutcome("(no outcome)", Set.of(), List.of(), List.of(why), List.of());
    }

    /** Something was found: a violation or a failed check. */
    public boolean found() {
        return !violations.isEmpty() || !failures.isEmpty();
    }

    /** What was found, as printed and recorded: {@code violation(page-leak)}, then the failed checks. */
    public List<String> findings() {
        final List<String> out = new ArrayList<>();
        violations.forEach(v -> out.add("violation(" + v.id() + ")"));
        out.addAll(failures);
        return out;
    }

    /** This outcome with more violations, events and failures (what the hunter saw around the run). */
    public HuntOutcome plus(final Set<Violation> moreViolations, final List<ViolationEvent> moreEvents,
                            final List<String> moreFailures) {
        final Set<Violation> v = EnumSet.noneOf(Violation.class);
        v.addAll(violations);
        v.addAll(moreViolations);
        final List<ViolationEvent> e = new ArrayList<>(events);
        moreEvents.stream().filter(x -> e.stream().noneMatch(y -> y.sequence() == x.sequence()
            && y.violation() == x.violation())).forEach(e::add);
        final List<String> f = new ArrayList<>(failures);
        moreFailures.stream().filter(x -> !f.contains(x)).forEach(f::add);
        return new HuntOutcome(state, v, e, f, details, calls, witnessed);
    }

    /**
     * A process was still blocked when the run ended: the litmus state's {@code deadlock} (its own word
     * among NAME=VALUE parts, before any violation) or a scenario's {@code deadlock: ...} finding.
     */
    public boolean deadlocked() {
        return findings().stream().anyMatch(f -> f.startsWith("deadlock"))
            || java.util.Arrays.asList(state.split(" ")).contains("deadlock");
    }

    /** The outcome as a jcstress-style key: the state, then what was found. */
    public String key() {
        final List<String> found = findings().stream().filter(f -> !state.contains(f)).toList();
        return found.isEmpty() ? state : state + "  " + String.join(" ", found);
    }
}
