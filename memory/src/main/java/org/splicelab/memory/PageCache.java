package org.splicelab.memory;

/**
 * One file's shared page cache ({@code struct address_space} with its {@code i_pages} xarray and the
 * inode's {@code i_size}): a {@link PageIndex} of cached pages that any thread reads without locks, the
 * kernel's way, and that pages leave only through the page lock plus a freeze (or, for truncate, the
 * page lock alone).
 *
 * <h2>Thread contract</h2>
 * <ul>
 *   <li>{@link #lookup}: any thread ({@code filemap_get_read_batch}: load, {@code folio_try_get},
 *       re-load, retry).</li>
 *   <li>{@link #steal}, {@link #evict}: any thread holding one reference from {@link #lookup}
 *       ({@code remove_mapping}: lock, freeze at cache + caller, remove, unfreeze).</li>
 *   <li>{@link #insert}, {@link #removeLocked}, {@link #size(long)}: the file's owner only.</li>
 * </ul>
 * The cache holds exactly one reference per cached page; a page in the index has
 * {@link PageFlags#IN_PAGE_CACHE} with this file's id and its index.
 *
 * <p>Between the steps of a lookup, a steal and an eviction the operations call
 * {@link PageArena#point} ({@link SchedulePoints}), where the deterministic runtime may run another
 * thread: a lookup racing a steal is then a recorded choice, not only a real-thread accident.
 */
public final class PageCache {
    private final PageArena arena;
    private final PageIndex index;
    private final long fileId;
    private volatile long size;

    /** An empty cache for file {@code fileId} (never 0). */
    public PageCache(final PageArena arena, final PageIndexPool pool, final long fileId) {
        if (fileId == 0) {
            throw new IllegalArgumentException("fileId must not be 0 (0 means no owner)");
        }
        this.arena = arena;
        this.index = new PageIndex(pool);
        this.fileId = fileId;
    }

    public long fileId() {
        return fileId;
    }

    public PageArena arena() {
        return arena;
    }

    /** {@code i_size_read}: any thread. */
    public long size() {
        return size;
    }

    /** {@code i_size_write}: the owner. */
    public void size(final long newSize) {
        this.size = newSize;
    }

    /** Pages in the cache now. */
    public long nrPages() {
        return index.entries();
    }

    /** The slot's value without taking a reference (traces, and the owner's own bookkeeping). */
    public long peek(final long pageIndex) {
        return index.load(pageIndex);
    }

    /** The first cached page index at or after {@code from}, or -1 (a snapshot). */
    public long nextCached(final long from) {
        return index.nextPage(from);
    }

    // ------------------------------------------------------------------ lookups: any thread

    /**
     * {@code filemap_get_folio} without creation: the page at {@code pageIndex} with one reference
     * taken for the caller, or {@link PageRef#NULL} on a miss (absent or a shadow). A speculative
     * reference that fails (the page is frozen by a steal or eviction, or freed) or a slot that changed
     * before the re-load makes it retry, as {@code filemap_get_read_batch} does.
     */
    public long lookup(final long pageIndex, final LookupStats stats) {
        stats.lookups++;
        final long slot = index.slot(pageIndex);
        while (true) {
            final long v = PageIndex.loadSlot(slot);
            if (!PageIndex.isPage(v)) {
                stats.misses++;
                return PageRef.NULL;
            }
            arena.point(SchedulePoints.Op.CACHE_LOOKUP_LOADED, v);
            if (!arena.tryGet(v)) {
                if (arena.isFrozen(v)) {
                    stats.retriesFrozen++;
                    arena.point(SchedulePoints.Op.CACHE_LOOKUP_FROZEN, v);
                    Thread.onSpinWait();
                    continue;
                }
                if (PageIndex.loadSlot(slot) == v) {
                    if (!arena.isLive(v)) {
                        // a freed page still in the index: someone dropped the cache's reference
                        arena.audit().report(Violation.USE_AFTER_FREE, v, "page-cache lookup",
                            "file=" + fileId + " index=" + pageIndex + ": the slot holds a page that was freed");
                    }
                    // else the refcount is at its limit (try_get_page's overflow guard): no reference for now
                    stats.misses++;
                    return PageRef.NULL;
                }
                stats.retriesChanged++;
                continue;
            }
            arena.point(SchedulePoints.Op.CACHE_LOOKUP_REFERENCED, v);
            if (PageIndex.loadSlot(slot) != v) {
                arena.put(v);
                stats.retriesChanged++;
                continue;
            }
            stats.hits++;
            return v;
        }
    }

    /**
     * A real mistake, shipped as a model ({@code lookup-no-recheck}): load, {@code tryGet}, and no re-load.
     * The invariant checker still looks: a page that is no longer in this slot when the reference was
     * taken is reported as {@link Violation#STALE_PAGE_CACHE_LOOKUP} (the caller may now use a page that
     * a steal made private, or that truncate removed).
     */
    public long lookupNoRecheck(final long pageIndex, final LookupStats stats) {
        stats.lookups++;
        while (true) {
            final long v = index.load(pageIndex);
            if (!PageIndex.isPage(v)) {
                stats.misses++;
                return PageRef.NULL;
            }
            arena.point(SchedulePoints.Op.CACHE_LOOKUP_LOADED, v);
            if (!arena.tryGet(v)) {
                if (arena.isFrozen(v)) {
                    stats.retriesFrozen++;
                    arena.point(SchedulePoints.Op.CACHE_LOOKUP_FROZEN, v);
                    Thread.onSpinWait();
                    continue;
                }
                stats.retriesChanged++;
                continue;
            }
            if (index.load(pageIndex) != v) {
                arena.audit().report(Violation.STALE_PAGE_CACHE_LOOKUP, v, "page-cache lookup",
                    "file=" + fileId + " index=" + pageIndex + ": the page left the cache before the reference"
                        + " was taken, and the lookup did not re-check the slot");
            }
            stats.hits++;
            return v;
        }
    }

    // ------------------------------------------------------------------ steal and evict: any thread

    /**
     * The private-pages steal ({@code page_cache_pipe_buf_try_steal} → {@code remove_mapping}): the
     * caller holds one reference from {@link #lookup}. Lock the page; refuse it dirty or under
     * write-back; freeze the count at exactly cache + caller, so no lookup can take a reference
     * meanwhile; remove it from the index (a shadow stays); unfreeze leaving the caller's reference only.
     */
    public StealOutcome steal(final long pageIndex, final long ref) {
        if (!arena.tryLock(ref)) {
            return StealOutcome.LOCKED;
        }
        try {
            final StealOutcome refused = refuse(pageIndex, ref);
            if (refused != null) {
                return refused;
            }
            if (!arena.freeze(ref, 2)) {
                return StealOutcome.SHARED;
            }
            arena.point(SchedulePoints.Op.CACHE_STEAL_FROZEN, ref);
            if (!index.compareAndSet(pageIndex, ref, PageIndex.SHADOW_STOLEN)) {
                throw new IllegalStateException("page " + PageRef.toString(ref) + " left index " + pageIndex
                    + " of file " + fileId + " while locked and frozen");
            }
            arena.clearMapping(ref);
            arena.clearFlags(ref, PageFlags.LRU);
            arena.point(SchedulePoints.Op.CACHE_STEAL_REMOVED, ref);
            arena.unfreeze(ref, 1);
            return StealOutcome.STOLEN;
        } finally {
            arena.unlock(ref);
        }
    }

    /**
     * A real mistake, shipped as a model ({@code private-pages-racy}): the steal checks the refcount
     * and then removes the page, without freezing it, so a lookup can take a reference in between. The
     * stealer then claims the page as its own ({@link PageArena#claimExclusive}), which reports
     * {@link Violation#STOLEN_WHILE_SHARED} when a reference slipped in.
     */
    public StealOutcome stealRacy(final long pageIndex, final long ref) {
        if (!arena.tryLock(ref)) {
            return StealOutcome.LOCKED;
        }
        try {
            final StealOutcome refused = refuse(pageIndex, ref);
            if (refused != null) {
                return refused;
            }
            if (arena.refCount(ref) != 2) {
                return StealOutcome.SHARED;
            }
            arena.point(SchedulePoints.Op.CACHE_STEAL_RACY_CHECKED, ref);
            if (!index.compareAndSet(pageIndex, ref, PageIndex.SHADOW_STOLEN)) {
                return StealOutcome.REMOVED;
            }
            arena.clearMapping(ref);
            arena.clearFlags(ref, PageFlags.LRU);
            arena.point(SchedulePoints.Op.CACHE_STEAL_RACY_REMOVED, ref);
            arena.put(ref);
            arena.claimExclusive(ref);
            return StealOutcome.STOLEN;
        } finally {
            arena.unlock(ref);
        }
    }

    /**
     * Eviction of a clean page ({@code mapping_evict_folio} for fadvise(DONTNEED), {@code __remove_mapping}
     * for reclaim): the caller holds one reference. Lock, refuse dirty or under write-back, freeze at
     * cache + caller (fails when a pipe, socket or reader holds it: the page stays), remove leaving a
     * shadow, unfreeze to the caller's reference. The caller then puts its reference, which frees the page.
     *
     * @return true when the page left the cache
     */
    public boolean evict(final long pageIndex, final long ref) {
        if (!arena.tryLock(ref)) {
            return false;
        }
        try {
            if (refuse(pageIndex, ref) != null || !arena.freeze(ref, 2)) {
                return false;
            }
            arena.point(SchedulePoints.Op.CACHE_EVICT_FROZEN, ref);
            if (!index.compareAndSet(pageIndex, ref, PageIndex.SHADOW_EVICTED)) {
                throw new IllegalStateException("page " + PageRef.toString(ref) + " left index " + pageIndex
                    + " of file " + fileId + " while locked and frozen");
            }
            arena.clearMapping(ref);
            arena.point(SchedulePoints.Op.CACHE_EVICT_REMOVED, ref);
            arena.unfreeze(ref, 1);
            return true;
        } finally {
            arena.unlock(ref);
        }
    }

    private StealOutcome refuse(final long pageIndex, final long ref) {
        final int flags = arena.flags(ref);
        if ((flags & PageFlags.WRITEBACK) != 0) {
            return StealOutcome.WRITEBACK;
        }
        if ((flags & PageFlags.DIRTY) != 0) {
            return StealOutcome.DIRTY;
        }
        if (index.load(pageIndex) != ref) {
            return StealOutcome.REMOVED;
        }
        return null;
    }

    // ------------------------------------------------------------------ the owner's structure changes

    /**
     * Publishes {@code ref} (the owner's fresh page: one reference, data filled, flags set) at
     * {@code pageIndex}: sets its mapping, then CASes it into the slot (empty or a shadow).
     *
     * @return the value it replaced ({@link PageIndex#EMPTY} or a shadow)
     * @throws IllegalStateException when a page is already cached there
     */
    public long insert(final long pageIndex, final long ref) {
        arena.setMapping(ref, fileId, pageIndex);
        while (true) {
            final long old = index.load(pageIndex);
            if (PageIndex.isPage(old)) {
                arena.clearMapping(ref);
                throw new IllegalStateException("file " + fileId + " index " + pageIndex + " already caches "
                    + PageRef.toString(old));
            }
            if (index.insert(pageIndex, old, ref)) {
                return old;
            }
        }
    }

    /**
     * Truncation's removal ({@code filemap_remove_folio} under the page lock, whatever the refcount):
     * the caller holds the page lock and a reference. The page leaves the index and its mapping; the
     * cache's reference is the caller's to put. Returns false when the page had already left.
     */
    public boolean removeLocked(final long pageIndex, final long ref) {
        if (!index.compareAndSet(pageIndex, ref, PageIndex.EMPTY)) {
            return false;
        }
        arena.clearMapping(ref);
        return true;
    }

    /** Empties a shadow slot (truncate forgets shadows past the end). */
    public void forgetShadow(final long pageIndex) {
        final long v = index.load(pageIndex);
        if (PageIndex.isShadow(v)) {
            index.compareAndSet(pageIndex, v, PageIndex.EMPTY);
        }
    }

    /**
     * The inode is evicted (every user is gone): every cached page leaves, the cache's references are
     * put, and the index's nodes are freed. Only when no other thread uses this cache.
     */
    public void destroyQuiescent() {
        for (long i = index.nextPage(0); i >= 0; i = index.nextPage(i + 1)) {
            final long ref = index.load(i);
            if (index.compareAndSet(i, ref, PageIndex.EMPTY)) {
                arena.clearMapping(ref);
                arena.put(ref);
            }
        }
        index.destroy();
    }
}
