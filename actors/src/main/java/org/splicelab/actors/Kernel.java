package org.splicelab.actors;

import java.util.concurrent.atomic.AtomicLong;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageAudit;
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
    private final KernelStats stats = new KernelStats();
    private final AtomicLong ids = new AtomicLong(1);
    private volatile BlockingMonitor monitor = BlockingMonitor.NONE;

    public Kernel(final PageArena arena, final PageVectorPool vectors, final KernelModel model) {
        this.arena = arena;
        this.vectors = vectors;
        this.model = model;
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

    public BlockingMonitor monitor() {
        return monitor;
    }

    public void monitor(final BlockingMonitor monitor) {
        this.monitor = monitor;
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
