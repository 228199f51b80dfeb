package org.splicelab.actors.deterministic;

import akka.actor.AbstractSchedulerBase;
import akka.actor.Cancellable;
import akka.event.LoggingAdapter;
import com.typesafe.config.Config;
import java.io.Closeable;
import java.util.PriorityQueue;
import java.util.concurrent.ThreadFactory;
import scala.concurrent.ExecutionContext;
import scala.concurrent.duration.FiniteDuration;

/**
 * Akka's scheduler on a virtual clock ({@code akka.scheduler.implementation}): nothing fires by
 * itself. The driver of a deterministic run calls {@link #fireNext()} when no actor can move, which
 * jumps the clock to the earliest timer (ties broken by the order they were scheduled) and runs it.
 * Timers therefore never race with messages: a timeout fires only when the run is otherwise stuck,
 * which keeps the schedule space free of timer choices. Thread-safe (one lock); no thread of its own.
 */
public final class VirtualScheduler extends AbstractSchedulerBase implements Closeable {
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private long nowNanos;
    private long sequence;

    /** The constructor Akka calls. */
    public VirtualScheduler(final Config config, final LoggingAdapter log, final ThreadFactory threadFactory) {
    }

    private final class Timer implements Cancellable, Comparable<Timer> {
        final long due;
        final long seq;
        final long intervalNanos;
        final Runnable task;
        final ExecutionContext ec;
        boolean cancelled;

        Timer(final long due, final long intervalNanos, final Runnable task, final ExecutionContext ec) {
            this.due = due;
            this.seq = sequence++;
            this.intervalNanos = intervalNanos;
            this.task = task;
            this.ec = ec;
        }

        @Override
        public boolean cancel() {
            synchronized (VirtualScheduler.this) {
                if (cancelled) {
                    return false;
                }
                cancelled = true;
                timers.remove(this);
                return true;
            }
        }

        @Override
        public boolean isCancelled() {
            synchronized (VirtualScheduler.this) {
                return cancelled;
            }
        }

        @Override
        public int compareTo(final Timer o) {
            return due != o.due ? Long.compare(due, o.due) : Long.compare(seq, o.seq);
        }
    }

    @Override
    public synchronized Cancellable scheduleOnce(final FiniteDuration delay, final Runnable runnable,
                                                 final ExecutionContext executor) {
        final Timer t = new Timer(nowNanos + Math.max(0, delay.toNanos()), 0, runnable, executor);
        timers.add(t);
        return t;
    }

    @Override
    @SuppressWarnings("deprecation")
    public synchronized Cancellable schedule(final FiniteDuration initialDelay, final FiniteDuration interval,
                                             final Runnable runnable, final ExecutionContext executor) {
        final Timer t = new Timer(nowNanos + Math.max(0, initialDelay.toNanos()), Math.max(1, interval.toNanos()),
            runnable, executor);
        timers.add(t);
        return t;
    }

    @Override
    public double maxFrequency() {
        return 1000.0;
    }

    /**
     * Jumps the clock to the earliest timer and runs it (a periodic one is scheduled again). Returns
     * false when no timer is pending.
     */
    public boolean fireNext() {
        final Timer t;
        synchronized (this) {
            t = timers.poll();
            if (t == null) {
                return false;
            }
            nowNanos = Math.max(nowNanos, t.due);
            if (t.intervalNanos > 0) {
                timers.add(new Timer(nowNanos + t.intervalNanos, t.intervalNanos, t.task, t.ec));
            } else {
                t.cancelled = true;
            }
        }
        t.ec.execute(t.task);
        return true;
    }

    /** Timers pending. */
    public synchronized int pending() {
        return timers.size();
    }

    /** Virtual nanoseconds since the last {@link #reset()}. */
    public synchronized long nowNanos() {
        return nowNanos;
    }

    /** Drops every timer and sets the clock back to 0 (between runs, when no actor of the last run is left). */
    public synchronized void reset() {
        for (final Timer t : timers) {
            t.cancelled = true;
        }
        timers.clear();
        nowNanos = 0;
        sequence = 0;
    }

    @Override
    public void close() {
        reset();
    }
}
