package org.splicelab.actors.deterministic;

import java.util.ArrayList;
import java.util.List;

/**
 * One scheduling choice as a {@link Strategy} sees it: what is chosen, the options (ordered by path),
 * and, for each option, the messages it would deliver ("heads"): each with its <em>cause</em> and its
 * send order. The cause of a message is the process whose system call it serves: a process's own
 * sends are caused by it, and every other actor's sends inherit the cause of the message it is
 * handling, so a request, the page-cache round trip it sets off and the reply all carry the caller's
 * name ({@link RunOptions#processes()} says which actors are processes). A message with no such
 * cause (start-up, a timer, a system message) is caused by its receiver. Only valid during the call
 * to {@link Strategy#choose(ChoicePoint)} it is given to.
 */
public interface ChoicePoint {
    /** What is chosen. */
    Decision.Kind kind();

    /** The option keys, in the order the answer indexes (see {@link Strategy#choose(Decision.Kind, List)}). */
    List<String> options();

    /**
     * How many messages option {@code option} could deliver (at least 1): one for a sender's FIFO or a
     * process request, every waiting sender's oldest message (plus one for pending system messages)
     * for an actor.
     */
    int heads(int option);

    /** The cause of head {@code head} of option {@code option}: a process key, or else the receiver's key. */
    String cause(int option, int head);

    /** When that message was sent (a run-wide counter); {@link Long#MAX_VALUE} for system messages. */
    long sequence(int option, int head);

    /** The distinct causes over every head of every option, in order of first appearance. */
    default List<String> causes() {
        final List<String> out = new ArrayList<>(4);
        for (int i = 0; i < options().size(); i++) {
            for (int h = 0; h < heads(i); h++) {
                final String c = cause(i, h);
                if (!out.contains(c)) {
                    out.add(c);
                }
            }
        }
        return out;
    }
}
