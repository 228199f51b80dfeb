package org.splicelab.memory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * Counts and records invariant violations. Safe from any thread. Counting is exact; the first
 * {@code eventCapacity} events are kept with their details (later ones are counted only, and
 * {@link #eventsDropped()} says how many). Listeners see every event on the reporting thread.
 *
 * <p>When {@linkplain #strict() strict}, {@link #report} throws a {@link PageStateException} after
 * recording, so a test stops at the first misuse.
 */
public final class PageAudit {
    private static final Violation[] VIOLATIONS = Violation.values();

    private final AtomicLongArray counts = new AtomicLongArray(VIOLATIONS.length);
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicReferenceArray<ViolationEvent> events;
    private final List<Consumer<ViolationEvent>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean strict;

    /** An audit keeping the first 1024 events. */
    public PageAudit() {
        this(1024);
    }

    public PageAudit(final int eventCapacity) {
        if (eventCapacity < 0) {
            throw new IllegalArgumentException("eventCapacity=" + eventCapacity);
        }
        events = new AtomicReferenceArray<>(eventCapacity);
    }

    /** Throw {@link PageStateException} on every report (after recording it). */
    public PageAudit strict(final boolean strict) {
        this.strict = strict;
        return this;
    }

    public boolean strict() {
        return strict;
    }

    /** Called for every event, on the thread that detected it. */
    public void addListener(final Consumer<ViolationEvent> listener) {
        listeners.add(listener);
    }

    public void removeListener(final Consumer<ViolationEvent> listener) {
        listeners.remove(listener);
    }

    /** Records one violation; returns the event (or throws it, when strict). */
    public ViolationEvent report(final Violation violation, final long pageRef, final String operation,
                                 final String detail) {
        counts.incrementAndGet(violation.ordinal());
        final long seq = sequence.getAndIncrement();
        final ViolationEvent event = new ViolationEvent(
            seq, violation, pageRef, operation, detail, Thread.currentThread().getName());
        if (seq < events.length()) {
            events.set((int) seq, event);
        }
        for (final Consumer<ViolationEvent> listener : listeners) {
            listener.accept(event);
        }
        if (strict) {
            throw new PageStateException(event);
        }
        return event;
    }

    /** How many times {@code violation} was reported. */
    public long count(final Violation violation) {
        return counts.get(violation.ordinal());
    }

    /** All violations reported. */
    public long total() {
        long sum = 0;
        for (int i = 0; i < counts.length(); i++) {
            sum += counts.get(i);
        }
        return sum;
    }

    /** Counts by violation, every violation present (zeros included), in declaration order. */
    public Map<Violation, Long> counts() {
        final Map<Violation, Long> map = new EnumMap<>(Violation.class);
        for (final Violation v : VIOLATIONS) {
            map.put(v, counts.get(v.ordinal()));
        }
        return map;
    }

    /** The recorded events in report order (at most the capacity). */
    public List<ViolationEvent> events() {
        final int n = (int) Math.min(sequence.get(), events.length());
        final List<ViolationEvent> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            final ViolationEvent e = events.get(i);
            if (e != null) {
                list.add(e);
            }
        }
        return list;
    }

    /** Events counted but not kept because the capacity was reached. */
    public long eventsDropped() {
        return Math.max(0, sequence.get() - events.length());
    }

    /** Forgets every count and event (between runs that reuse one arena). Not atomic w.r.t. reports. */
    public void reset() {
        for (int i = 0; i < counts.length(); i++) {
            counts.set(i, 0);
        }
        for (int i = 0; i < events.length(); i++) {
            events.set(i, null);
        }
        sequence.set(0);
    }
}
