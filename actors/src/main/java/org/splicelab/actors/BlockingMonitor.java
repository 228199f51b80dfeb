package org.splicelab.actors;

/**
 * Counts processes and how many of them are blocked (a request parked until data or room, or waiting
 * for an object's lock), so that an execution in which every remaining process is blocked can end as
 * {@code deadlock}. An actor that parks a process's request calls {@link #blocked()}; when it wakes the
 * request it calls {@link #unblocked()} <em>before</em> replying. A process leaves ({@link #exited()})
 * only after every close it made was acknowledged, so wake-ups caused by its exit have already happened.
 * With every live process blocked, nothing is in flight that could wake one: the state is stable.
 */
public interface BlockingMonitor {
    void blocked();

    void unblocked();

    void exited();

    /** A monitor that counts nothing (scenario runs, which end by time, not by quiescence). */
    BlockingMonitor NONE = new BlockingMonitor() {
        @Override
        public void blocked() {
        }

        @Override
        public void unblocked() {
        }

        @Override
        public void exited() {
        }
    };
}
