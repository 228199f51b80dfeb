package org.splicelab.actors;

/**
 * The real-dispatcher {@link BlockingMonitor}: counts live and blocked processes under a lock (these
 * events are per system call, not per page) and runs {@code onDeadlock} once, the first time every
 * live process is blocked.
 */
final class CountingMonitor implements BlockingMonitor {
    private final Runnable onDeadlock;
    private int live;
    private int blocked;
    private boolean fired;

    CountingMonitor(final int processes, final Runnable onDeadlock) {
        this.live = processes;
        this.onDeadlock = onDeadlock;
    }

    @Override
    public void blocked() {
        final boolean fire;
        synchronized (this) {
            blocked++;
            fire = check();
        }
        if (fire) {
            onDeadlock.run();
        }
    }

    @Override
    public synchronized void unblocked() {
        blocked--;
    }

    @Override
    public void exited() {
        final boolean fire;
        synchronized (this) {
            live--;
            fire = check();
        }
        if (fire) {
            onDeadlock.run();
        }
    }

    private boolean check() {
        if (!fired && live > 0 && blocked >= live) {
            fired = true;
            return true;
        }
        return false;
    }
}
