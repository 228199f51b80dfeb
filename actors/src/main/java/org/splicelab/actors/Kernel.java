package org.splicelab.actors;

import java.util.concurrent.atomic.AtomicLong;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageAudit;
import org.splicelab.memory.PageReclaim;
import org.splicelab.memory.PageRef;
import org.splicelab.memory.Violation;
import org.splicelab.protocols.KernelModel;
import org.splicelab.protocols.PageVectorPool;

/**
 * One simulated kernel: the page arena, the vector pool, the model every decision point consults, the
 * figures it counts and the blocking monitor. Shared by every actor of a run (read-only fields; the
 * objects they name are thread-safe).
 */
public final class Kernel {
    private final PageArena arena;
    private final PageVectorPool vectors;
    private final KernelModel model;
    private final KernelPolicy policy;
    private final PageReclaim reclaim;
    private final KernelStats stats = new KernelStats();
    private final AtomicLong ids = new AtomicLong(1);
    private final Options options;
    private final RelayReleases relays = new RelayReleases();
    private final LatencyTable latencies = new LatencyTable();
    private volatile BlockingMonitor monitor = BlockingMonitor.NONE;
    private volatile boolean deadlockByQuiescence;
    private volatile boolean stepLocalCalls;

    /**
     * Model options.
     *
     * @param stealOnlyWithMove private-pages: steal page-cache pages only under SPLICE_F_MOVE (else copy)
     */
    public record Options(boolean stealOnlyWithMove) {
        public static final Options DEFAULT = new Options(false);
    }

    public Kernel(final PageArena arena, final PageVectorPool vectors, final KernelModel model) {
        this(arena, vectors, model, Options.DEFAULT);
    }

    public Kernel(final PageArena arena, final PageVectorPool vectors, final KernelModel model, final Options options) {
        this.arena = arena;
        this.vectors = vectors;
        this.model = model;
        this.options = options;
        this.policy = KernelPolicy.of(model, options);
        this.reclaim = new PageReclaim(arena, stats.reclaimed);
    }

    /** The model's answers to every decision point. */
    public KernelPolicy policy() {
        return policy;
    }

    /** Direct reclaim, and the registry of the page caches it may evict from. */
    public PageReclaim reclaim() {
        return reclaim;
    }

    /**
     * {@code alloc_page} as the kernel does it: a free frame, or, when the arena is empty, one made
     * free by evicting clean cached pages ({@link PageReclaim}); {@link PageRef#NULL} when none could be.
     */
    public long allocPage() {
        return reclaim.alloc();
    }

    /** The run's call latencies (load runs: processes that do not record a trace), per dispatcher thread. */
    public LatencyTable latencies() {
        return latencies;
    }

    /** The live relay channels' frames, for the release of relay pipe buffers. */
    public RelayReleases relays() {
        return relays;
    }

    public Options options() {
        return options;
    }

    public PageArena arena() {
        return arena;
    }

    public PageVectorPool vectors() {
        return vectors;
    }

    public PageAudit audit() {
        return arena.audit();
    }

    public KernelModel model() {
        return model;
    }

    public KernelStats stats() {
        return stats;
    }

    /** Calls started before this {@link System#nanoTime()} are a load run's ramp-up: no latency recorded. */
    private volatile long timingFrom = Long.MIN_VALUE;

    public long timingFrom() {
        return timingFrom;
    }

    public void timingFrom(final long nanoTime) {
        this.timingFrom = nanoTime;
    }

    public BlockingMonitor monitor() {
        return monitor;
    }

    public void monitor(final BlockingMonitor monitor) {
        this.monitor = monitor;
    }

    /**
     * On the deterministic runtime a timer fires only when no actor can move, so an execution's time
     * limit firing means every remaining process is blocked: with this set, {@link Execution} takes
     * that as the exact deadlock instead of counting blocked processes.
     */
    public void deadlockByQuiescence(final boolean exact) {
        this.deadlockByQuiescence = exact;
    }

    public boolean deadlockByQuiescence() {
        return deadlockByQuiescence;
    }

    /**
     * On the deterministic runtime, calls that read shared state in the caller's own thread (a file
     * read through the lock-free page cache) are made process steps of their own, so exploration orders
     * them against other processes' calls as it orders messages.
     */
    public void stepLocalCalls(final boolean step) {
        this.stepLocalCalls = step;
    }

    public boolean stepLocalCalls() {
        return stepLocalCalls;
    }

    /**
     * Forgets the previous execution's violations and figures, so an {@link ExecutionResult} reports
     * what happened from now on.
     */
    public void beginExecution() {
        arena.audit().reset();
        stats.reset();
    }

    /** A fresh id for a file, pipe or socket (never 0). */
    public long nextId() {
        return ids.getAndIncrement();
    }

    /** The invariant checker's report of a violation the arena cannot see by itself. */
    public void violation(final Violation violation, final long pageRef, final String operation, final String detail) {
        arena.audit().report(violation, pageRef, operation, detail);
    }
}
