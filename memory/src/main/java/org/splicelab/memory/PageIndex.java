package org.splicelab.memory;

/**
 * A shared, off-heap map from a page index to a {@link PageRef}: the xarray of an {@code address_space}
 * ({@code i_pages}) or of a process's address space. A radix tree of {@link PageIndexPool} nodes whose
 * height grows with the largest index; the root word ({@code height << 32 | node}) lives in a header
 * node with a few counters of the owner's structure.
 *
 * <h2>Who may do what</h2>
 * <ul>
 *   <li>{@link #load}: any thread, without locks (the RCU walk of {@code xas_load}); what it returns
 *       must be validated by the caller (see {@link PageCache#lookup}).</li>
 *   <li>{@link #compareAndSet} on an existing slot: any thread (a steal or an eviction removes a page
 *       by CAS, as {@code __filemap_remove_folio} does under the xa_lock).</li>
 *   <li>{@link #insert} (which may allocate nodes and grow the tree), {@link #destroy}: the owner only.</li>
 * </ul>
 *
 * <h2>Slot values</h2>
 * {@link #EMPTY} (0); a {@link PageRef} (generation &ge; 1); or a <em>shadow</em> entry (generation 0,
 * the kernel's value entries left by eviction): {@link #SHADOW_EVICTED}, {@link #SHADOW_STOLEN}.
 */
public final class PageIndex {
    /** No page, no shadow. */
    public static final long EMPTY = 0L;
    /** Shadow left where reclaim or fadvise evicted a clean page. */
    public static final long SHADOW_EVICTED = 1L;
    /** Shadow left where a steal (private-pages) took the page out of the cache. */
    public static final long SHADOW_STOLEN = 2L;
    /** The largest height: 64^6 = 2^36 page indexes (256 TiB of 4 KiB pages). */
    static final int MAX_HEIGHT = 6;

    private static final int SHIFT = PageIndexPool.SHIFT;
    private static final int MASK = PageIndexPool.SLOTS - 1;
    static final int ROOT_SLOT = 0;
    static final int ENTRIES_SLOT = 1;

    private final PageIndexPool pool;
    private final int header;
    private boolean destroyed;

    /**
     * An empty index (a header and a one-leaf tree).
     *
     * @throws IllegalStateException when the pool has no node left
     */
    public PageIndex(final PageIndexPool pool) {
        this.pool = pool;
        this.header = pool.allocNode();
        final int leaf = header == 0 ? 0 : pool.allocNode();
        if (leaf == 0) {
            if (header != 0) {
                pool.freeNode(header);
            }
            throw new IllegalStateException("page index pool exhausted (" + pool.capacity() + " nodes)");
        }
        pool.storeOrdered(header, ROOT_SLOT, root(1, leaf));
    }

    /** True for a {@link PageRef} (not empty, not a shadow). */
    public static boolean isPage(final long value) {
        return PageRef.generation(value) != 0;
    }

    /** True for a shadow entry. */
    public static boolean isShadow(final long value) {
        return value != EMPTY && !isPage(value);
    }

    /** The value at {@code index} ({@link #EMPTY} beyond the tree). Any thread; acquire loads all the way down. */
    public long load(final long index) {
        final long r = pool.load(header, ROOT_SLOT);
        final int height = (int) (r >>> 32);
        if (index < 0 || (index >>> (SHIFT * height)) != 0) {
            return EMPTY;
        }
        int node = (int) r;
        for (int level = height - 1; level > 0; level--) {
            node = (int) pool.load(node, slot(index, level));
            if (node == 0) {
                return EMPTY;
            }
        }
        return pool.load(node, (int) (index & MASK));
    }

    /**
     * The address of {@code index}'s slot, or 0 when its path does not exist yet; any thread. Nodes are
     * never freed or moved while the index lives, so the address stays the slot's: a caller that loads
     * a value and wants to re-load it ({@link #loadSlot}) need not walk the tree again.
     */
    public long slot(final long index) {
        final int leaf = leaf(index);
        return leaf == 0 ? 0 : pool.slotAddress(leaf, (int) (index & MASK));
    }

    /** The value in a slot from {@link #slot} ({@link #EMPTY} for 0). */
    public static long loadSlot(final long slot) {
        return slot == 0 ? EMPTY : PageIndexPool.loadAt(slot);
    }

    /**
     * Replaces {@code expect} by {@code update} at {@code index} if that slot exists (any thread).
     * Entries are counted: a page in for a non-page out adds one, and the reverse removes one.
     */
    public boolean compareAndSet(final long index, final long expect, final long update) {
        final int leaf = leaf(index);
        if (leaf == 0 || !pool.compareAndSet(leaf, (int) (index & MASK), expect, update)) {
            return false;
        }
        count(expect, update);
        return true;
    }

    /**
     * The owner's insertion: creates the path to {@code index} (growing the tree), then CASes
     * {@code expect} (empty or a shadow) to {@code ref}.
     *
     * @return false when the slot did not hold {@code expect}
     * @throws IllegalStateException when the pool has no node left, or {@code index} is beyond 2^36
     */
    public boolean insert(final long index, final long expect, final long ref) {
        final int node = path(index);
        if (!pool.compareAndSet(node, (int) (index & MASK), expect, ref)) {
            return false;
        }
        count(expect, ref);
        return true;
    }

    /**
     * The owner creates the path to {@code index} without filling the slot, so that any thread may
     * later {@link #compareAndSet} it (a page fault filling an address-space entry).
     */
    public void reserve(final long index) {
        path(index);
    }

    /** The leaf for {@code index}, created (with the tree grown) when missing; the owner only. */
    private int path(final long index) {
        if (index < 0 || (index >>> (SHIFT * MAX_HEIGHT)) != 0) {
            throw new IllegalArgumentException("page index " + index + " beyond the largest tree");
        }
        long r = pool.load(header, ROOT_SLOT);
        while ((index >>> (SHIFT * (int) (r >>> 32))) != 0) {
            final int top = node();
            pool.storeOrdered(top, 0, (int) r);
            r = root((int) (r >>> 32) + 1, top);
            pool.storeOrdered(header, ROOT_SLOT, r);
        }
        int node = (int) r;
        for (int level = (int) (r >>> 32) - 1; level > 0; level--) {
            final int s = slot(index, level);
            int child = (int) pool.load(node, s);
            if (child == 0) {
                child = node();
                pool.storeOrdered(node, s, child);
            }
            node = child;
        }
        return node;
    }

    /** Pages in the index now (shadows not counted). */
    public long entries() {
        return pool.load(header, ENTRIES_SLOT);
    }

    /**
     * The first index at or after {@code from} holding a page (not a shadow), or -1. Any thread, but
     * only a snapshot: others may insert or remove meanwhile.
     */
    public long nextPage(final long from) {
        final long r = pool.load(header, ROOT_SLOT);
        final int height = (int) (r >>> 32);
        final long limit = 1L << (SHIFT * height);
        long i = Math.max(0, from);
        while (i < limit) {
            final long skip = scan((int) r, height, i);
            if (skip < 0) {
                return i;
            }
            i = skip;
        }
        return -1;
    }

    /**
     * Walks to {@code index}: returns -1 when it holds a page, else the next index worth looking at
     * (the start of the next subtree when a whole subtree is absent).
     */
    private long scan(final int root, final int height, final long index) {
        int node = root;
        for (int level = height - 1; level > 0; level--) {
            final int child = (int) pool.load(node, slot(index, level));
            if (child == 0) {
                final long span = 1L << (SHIFT * level);
                return (index | (span - 1)) + 1;
            }
            node = child;
        }
        return isPage(pool.load(node, (int) (index & MASK))) ? -1 : index + 1;
    }

    /** Frees every node (the owner, once no other thread can use the index). Later calls do nothing. */
    public void destroy() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        final long r = pool.load(header, ROOT_SLOT);
        free((int) r, (int) (r >>> 32));
        pool.freeNode(header);
    }

    private void free(final int node, final int height) {
        if (height > 1) {
            for (int s = 0; s < PageIndexPool.SLOTS; s++) {
                final int child = (int) pool.load(node, s);
                if (child != 0) {
                    free(child, height - 1);
                }
            }
        }
        pool.freeNode(node);
    }

    /** The leaf holding {@code index}, or 0 when the path does not exist. */
    private int leaf(final long index) {
        final long r = pool.load(header, ROOT_SLOT);
        final int height = (int) (r >>> 32);
        if (index < 0 || (index >>> (SHIFT * height)) != 0) {
            return 0;
        }
        int node = (int) r;
        for (int level = height - 1; level > 0 && node != 0; level--) {
            node = (int) pool.load(node, slot(index, level));
        }
        return node;
    }

    private void count(final long before, final long after) {
        final int delta = (isPage(after) ? 1 : 0) - (isPage(before) ? 1 : 0);
        if (delta != 0) {
            pool.addAndGet(header, ENTRIES_SLOT, delta);
        }
    }

    private int node() {
        final int n = pool.allocNode();
        if (n == 0) {
            throw new IllegalStateException("page index pool exhausted (" + pool.capacity() + " nodes)");
        }
        return n;
    }

    private static int slot(final long index, final int level) {
        return (int) ((index >>> (SHIFT * level)) & MASK);
    }

    private static long root(final int height, final int node) {
        return ((long) height << 32) | (node & 0xFFFF_FFFFL);
    }
}
