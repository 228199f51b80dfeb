package org.splicelab.actors;

import java.util.concurrent.atomic.LongAdder;

/**
 * Figures every run counts (DESIGN.md, "Kernel models"): bytes moved by reference versus copied, and
 * (for the models that steal) steal attempts and their outcome. Any thread; {@link LongAdder}s.
 */
public final class KernelStats {
    /** Bytes that entered a pipe or socket as a page reference (zero-copy). */
    public final LongAdder bytesByReference = new LongAdder();
    /** Bytes copied from one page to another or between user memory and pages. */
    public final LongAdder bytesCopied = new LongAdder();
    /** Pages that entered a pipe or socket by reference. */
    public final LongAdder pagesByReference = new LongAdder();
    /** Pages that were filled by copying. */
    public final LongAdder pagesCopied = new LongAdder();
    /** System calls completed. */
    public final LongAdder syscalls = new LongAdder();

    /** Forgets every figure (between executions that reuse one kernel). */
    public void reset() {
        bytesByReference.reset();
        bytesCopied.reset();
        pagesByReference.reset();
        pagesCopied.reset();
        syscalls.reset();
    }
}
