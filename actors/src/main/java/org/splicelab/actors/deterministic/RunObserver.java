package org.splicelab.actors.deterministic;

import java.util.List;

/**
 * Sees a deterministic run as it happens, on the driver thread: every actor step, every message
 * delivered, and every process step of a gated run ({@link Gates}). Given through
 * {@link RunOptions#withObserver}; it sees the run's wind-down too (objects releasing their pages).
 * The exploration strategies use it to learn what each process step touched. Must not send messages.
 */
public interface RunObserver {
    /** Step {@code step} begins: {@code actor} (a key) runs its system messages and at most one message. */
    default void stepStarted(final long step, final String actor) {
    }

    /** {@code receiver} takes {@code message} from {@code sender} (keys; the message as sent, adapters included). */
    default void delivered(final long step, final String receiver, final String sender, final Object message) {
    }

    /** Step {@code step} of {@code actor} ended. */
    default void stepEnded(final long step, final String actor) {
    }

    /**
     * Gated runs: {@code sender}'s pending request to {@code receiver} is delivered next, chosen among
     * the requests of {@code enabled} (the senders with a request waiting, in option order; one when
     * there was nothing to choose). Everything up to the next call is what that request set off.
     */
    default void processStep(final String sender, final String receiver, final List<String> enabled) {
    }
}
