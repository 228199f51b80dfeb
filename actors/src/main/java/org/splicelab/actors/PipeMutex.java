package org.splicelab.actors;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.splicelab.protocols.PipeProtocol.Command;

/**
 * A pipe's {@code pipe->mutex} and wait queues, as a plain class: the request holding the mutex
 * across a conversation with another object; the requests that arrived meanwhile, in arrival order;
 * the requests parked until data ({@code rd_wait}) or room ({@code wr_wait}); and those woken, which
 * run before later arrivals. Confined to its {@link PipeActor}.
 */
final class PipeMutex {
    private Command holder;
    private final ArrayDeque<Command> deferred = new ArrayDeque<>();
    private final List<Command> forData = new ArrayList<>();
    private final List<Command> forRoom = new ArrayList<>();
    private final ArrayDeque<Command> woken = new ArrayDeque<>();

    boolean locked() {
        return holder != null;
    }

    /** The request holding the mutex (null when free). */
    Command holder() {
        return holder;
    }

    void lock(final Command request) {
        if (holder != null) {
            throw new IllegalStateException("pipe mutex taken by " + request + " while held by " + holder);
        }
        holder = request;
    }

    void unlock() {
        if (holder == null) {
            throw new IllegalStateException("pipe mutex released while free");
        }
        holder = null;
    }

    /** A request that arrived while the mutex was held: it runs after the holder, in arrival order. */
    void defer(final Command request) {
        deferred.add(request);
    }

    void parkForData(final Command request) {
        forData.add(request);
    }

    void parkForRoom(final Command request) {
        forRoom.add(request);
    }

    boolean anyWaitingForRoom() {
        return !forRoom.isEmpty();
    }

    /** Wakes every request parked for data (they run before later arrivals); returns how many. */
    int wakeReaders() {
        return moveAll(forData, woken);
    }

    /** Wakes every request parked for room; returns how many. */
    int wakeWriters() {
        return moveAll(forRoom, woken);
    }

    /** Moves every request from {@code from} to the end of {@code to} (addAll would allocate a lambda). */
    private static int moveAll(final List<Command> from, final ArrayDeque<Command> to) {
        final int n = from.size();
        for (int i = 0; i < n; i++) {
            to.addLast(from.get(i));
        }
        from.clear();
        return n;
    }

    /** The next request to run while the mutex is free: the woken first, then the deferred; null if none. */
    Command next() {
        if (holder != null) {
            return null;
        }
        return !woken.isEmpty() ? woken.poll() : deferred.poll();
    }

    /** Nothing holds or waits for the mutex (parked requests wait for data or room, not for it). */
    boolean idle() {
        return holder == null && deferred.isEmpty() && woken.isEmpty();
    }

    /** Every request that waits, in the order parked for data, for room, woken, deferred; all queues emptied. */
    List<Command> drainWaiting() {
        final List<Command> all = new ArrayList<>(forData);
        all.addAll(forRoom);
        all.addAll(woken);
        all.addAll(deferred);
        forData.clear();
        forRoom.clear();
        woken.clear();
        deferred.clear();
        return all;
    }

    /** Every request that waits, without removing them (for releasing the vectors they carry). */
    List<Command> waiting() {
        final List<Command> all = new ArrayList<>(forData);
        all.addAll(forRoom);
        all.addAll(woken);
        all.addAll(deferred);
        return all;
    }
}
