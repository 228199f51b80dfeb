package org.splicelab.actors.deterministic;

import java.util.List;

/**
 * One deterministic run: what the run reported ({@code result}, null when it reported nothing), every
 * choice made until then, the actor steps taken, sends from threads the runtime does not control
 * (must be 0 for the run to be trusted), why it was cut off (null when it was not), and two figures
 * the strategies learn from: {@code chainChoices}, the choices whose options carried messages of at
 * least two causes (the only ones where a priority change can reorder processes; PCT's k), and
 * {@code chains}, the distinct causes seen at those choices (PCT's n).
 */
public record RunResult<R>(R result, List<Decision> decisions, long steps, int foreignSends, String failure,
                           String strategy, int chainChoices, int chains) {
    /** Nondeterminism escaped the runtime: the run cannot be trusted to replay. */
    public boolean deterministic() {
        return foreignSends == 0;
    }
}
