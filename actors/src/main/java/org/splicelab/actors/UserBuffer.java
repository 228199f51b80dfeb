package org.splicelab.actors;

import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageRef;

/**
 * A load run's read(2) buffer: one page of the process's memory that {@code copy_to_user} writes into,
 * page to page with the arena's copy, so a read allocates nothing on the heap (nobody looks at the bytes:
 * a longer read wraps around in the page, costing the same copy). Litmus runs keep the bytes instead
 * ({@link PageRef#NULL}: the reply carries them).
 *
 * <p>A request to another actor carries its own reference ({@link #lend}), which the receiver puts when
 * it replies ({@link #giveBack}), so a process that exits with a read parked somewhere frees nothing
 * still being written. Owned by its process; {@link #lend} from its thread, the copies from the
 * receiver's while it holds the lent reference.
 */
final class UserBuffer {
    private static final int PAGE = PageArena.PAGE_SIZE;

    private final PageArena arena;
    /** Litmus, or the page was released or could not be had: reads bring their bytes back. */
    private boolean none;
    private long page = PageRef.NULL;

    /** A load run's buffer (its page taken at the first read), or none when {@code keepBytes} (litmus). */
    UserBuffer(final Kernel kernel, final boolean keepBytes) {
        this.arena = kernel.arena();
        this.none = keepBytes;
    }

    /**
     * The page (or {@link PageRef#NULL}: bring the bytes back), for a read in the process's own thread.
     * Taken from the free frames at the first read, never by reclaim (a buffer must not evict the cache).
     */
    long page() {
        if (page == PageRef.NULL && !none) {
            page = arena.alloc();
            none = page == PageRef.NULL;
        }
        return page;
    }

    /** The page with one more reference for a request to carry, or {@link PageRef#NULL} when there is none. */
    long lend() {
        final long p = page();
        return p != PageRef.NULL && arena.get(p) ? p : PageRef.NULL;
    }

    /** The process exits: its reference goes (a lent one keeps the frame until the receiver puts it). */
    void release() {
        none = true;
        if (page != PageRef.NULL) {
            arena.put(page);
            page = PageRef.NULL;
        }
    }

    /** The receiver of a request with a lent page replies: the request's reference is put. */
    static void giveBack(final PageArena arena, final long userPage) {
        if (userPage != PageRef.NULL) {
            arena.put(userPage);
        }
    }

    /** {@code copy_to_user} of {@code n} bytes of page {@code src} to byte {@code at} of the read (wrapping in the page). */
    static void copy(final PageArena arena, final long src, final int srcOff, final long userPage, final long at,
                     final int n) {
        int done = 0;
        while (done < n) {
            final int o = (int) ((at + done) & (PAGE - 1));
            final int chunk = Math.min(n - done, PAGE - o);
            arena.copy(src, srcOff + done, userPage, o, chunk);
            done += chunk;
        }
    }
}
