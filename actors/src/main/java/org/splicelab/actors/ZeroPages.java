package org.splicelab.actors;

import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageRef;
import org.splicelab.protocols.OpsKind;
import org.splicelab.protocols.PageVector;

/**
 * {@code copy_splice_read} of /dev/zero or /dev/full (restored in 6.7): fresh pages, zero-filled by
 * {@code read_iter_zero}, handed to the pipe as {@link OpsKind#DEFAULT} buffers with flags 0, so a
 * later write never merges into them (observed on 6.18: test/kernel-checks/dev_splice.c). Confined to
 * the caller's thread; the pages are the caller's until it hands the vector on.
 */
final class ZeroPages {
    private ZeroPages() {
    }

    /**
     * Adds at most {@code maxLen} zero bytes in at most {@code maxBufs} fresh pages to {@code out}.
     * Returns the bytes added; fewer when the arena ran out of frames ({@code alloc_pages_bulk} giving
     * fewer pages: a shorter read), 0 when not one page could be had.
     */
    static long fill(final Kernel kernel, final long maxLen, final int maxBufs, final PageVector out) {
        final PageArena arena = kernel.arena();
        long done = 0;
        for (int bufs = Math.min(maxBufs, out.remaining()); done < maxLen && bufs > 0; bufs--) {
            final long ref = kernel.allocPage();
            if (ref == PageRef.NULL) {
                break;
            }
            final int n = (int) Math.min(PageArena.PAGE_SIZE, maxLen - done);
            arena.fill(ref, 0, PageArena.PAGE_SIZE, (byte) 0);
            out.add(ref, 0, n, 0, OpsKind.DEFAULT);   // counted as copied where it enters the pipe
            done += n;
        }
        return done;
    }
}
