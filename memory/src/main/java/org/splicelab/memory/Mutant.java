package org.splicelab.memory;

/**
 * The project's own concurrency mutants (docs/mutation.md, ADR 0013): real slips that PIT's mutators
 * cannot make, each a deliberate mistake at one place in the code, switched on for a whole JVM by the
 * system property {@value #PROPERTY} (one mutant name; unset or empty = none). The property is read
 * here only, once, into a {@code static final} field, so a check {@code Mutant.LOST_WAKEUP.on()} is a
 * comparison of two constants that the JIT folds away: production code pays nothing when no mutant is
 * on (ADR 0013). The mutation run ({@code mvn -B verify -Pmutation}) starts one JVM per mutant and
 * requires the tests that should catch it to fail.
 */
public enum Mutant {
    /** A splice out of a pipe into a file or a socket consumes buffers but does not wake a parked writer. */
    LOST_WAKEUP,
    /** {@code freeze} as compare-then-write: the refcount is checked, then FROZEN is stored without a CAS. */
    NONATOMIC_FREEZE,
    /** A partial page piece of a file → pipe splice-read is handed on and put as well: one put too many. */
    EXTRA_PUT_PARTIAL_SPLICE_READ,
    /** A socket end that is closed or reset puts each queued fragment twice. */
    DOUBLE_PUT_SOCKET_FRAGMENTS_ON_CLOSE;

    /** The system property naming the mutant that is on. */
    public static final String PROPERTY = "splicelab.mutant";

    /** The mutant on in this JVM, or null. Read once: a constant for the JIT. */
    private static final Mutant ACTIVE = parse(System.getProperty(PROPERTY, ""));

    /** True when this mutant is on in this JVM. */
    public boolean on() {
        return ACTIVE == this;
    }

    /** The mutant on in this JVM, or null when none is. */
    public static Mutant active() {
        return ACTIVE;
    }

    /** The mutant named {@code name} ({@code LOST_WAKEUP} or {@code lost-wakeup}), or null for an empty name. */
    static Mutant parse(final String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }
}
