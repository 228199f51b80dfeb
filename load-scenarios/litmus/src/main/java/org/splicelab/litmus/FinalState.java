package org.splicelab.litmus;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * How one execution ended: the registers that were assigned (a register missing from the map is
 * unset), whether it ended in deadlock, and the ids of the violations the invariant checker reported
 * ({@code page-cache-written-through-pipe}). Immutable; equal states are equal records, so the runner
 * can count executions per state in a map.
 */
public record FinalState(Map<String, Value> registers, boolean deadlock, Set<String> violations) {
    public FinalState {
        registers = Collections.unmodifiableMap(new LinkedHashMap<>(registers));
        violations = Collections.unmodifiableSet(new TreeSet<>(violations));
        registers.forEach((name, value) -> {
            if (value == null) {
                throw new IllegalArgumentException("register " + name + " has a null value; leave it out to mean unset");
            }
        });
    }

    /** A state that did not deadlock and reported no violation. */
    public static FinalState of(final Map<String, Value> registers) {
        return new FinalState(registers, false, Set.of());
    }

    /** The value of {@code register}, or empty when it was never assigned in this execution. */
    public Optional<Value> register(final String register) {
        return Optional.ofNullable(registers.get(register));
    }
}
