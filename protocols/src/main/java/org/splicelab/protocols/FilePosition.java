package org.splicelab.protocols;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageRef;
import org.splicelab.memory.SchedulePoints;

/**
 * An open file description's {@code f_pos}, shared by every process that holds the description, and its
 * {@code f_pos_lock}. Any thread.
 *
 * <p>read(2) and write(2) hold the lock around their read-modify-write of the position ({@code fdget_pos});
 * splice and sendfile do not (they read {@code f_pos}, work, and store the new value), so two of them
 * on one description can use the same offset, as on the kernel. The lock is only ever held inside one
 * actor step and never across a message, so a contended {@link #lock} spins for nanoseconds (on the
 * deterministic runtime with memory points, until the holder's step is resumed: {@link #lock(PageArena)}).
 */
public final class FilePosition {
    private final AtomicLong position = new AtomicLong();
    private final AtomicBoolean locked = new AtomicBoolean();

    /** {@code f_pos}. */
    public long get() {
        return position.get();
    }

    /** Stores {@code f_pos} (the end of a splice or sendfile, or inside the lock). */
    public void set(final long value) {
        position.set(value);
    }

    /** {@code f_pos_lock}: waits (spinning) until it is free. */
    public void lock() {
        while (!locked.compareAndSet(false, true)) {
            Thread.onSpinWait();
        }
    }

    /**
     * {@code f_pos_lock} for a call whose pages live in {@code arena}: the wait is a memory-level choice
     * point ({@link SchedulePoints.Op#POSITION_LOCK_WAIT}), so on the deterministic runtime a holder
     * suspended at a point inside its read or write runs while this caller waits.
     */
    public void lock(final PageArena arena) {
        while (!locked.compareAndSet(false, true)) {
            arena.point(SchedulePoints.Op.POSITION_LOCK_WAIT, PageRef.NULL);
            Thread.onSpinWait();
        }
    }

    public void unlock() {
        if (!locked.compareAndSet(true, false)) {
            throw new IllegalStateException("f_pos_lock released while not held");
        }
    }
}
