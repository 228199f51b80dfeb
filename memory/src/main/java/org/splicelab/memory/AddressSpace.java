package org.splicelab.memory;

/**
 * A process's anonymous memory ({@code struct mm_struct} with its page tables), shared by every thread
 * of the process: a {@link PageIndex} from virtual page number to the mapped page, which each mapping
 * references once ({@link PageFlags#MAPPED}). Threads store into pages and take references to them
 * (vmsplice's {@code get_user_pages}) concurrently, the kernel's way: a lock-free walk, a speculative
 * reference, a re-check of the entry ({@code gup_fast}). A page stolen by a gift leaves an empty entry;
 * the next touch faults in a fresh zero page.
 *
 * <h2>Thread contract</h2>
 * {@link #map} before any thread uses the range (it creates the index's nodes); everything else from
 * any thread; {@link #unmapAll} when no thread is left. Lookups, faults and gifts call
 * {@link PageArena#point} between their steps ({@link SchedulePoints}).
 */
public final class AddressSpace {
    private final PageArena arena;
    private final PageReclaim reclaim;
    private final PageIndex index;
    private long zeroPage = PageRef.NULL;

    /** @param reclaim how faults allocate (direct reclaim), or null for the arena alone */
    public AddressSpace(final PageArena arena, final PageReclaim reclaim) {
        this.arena = arena;
        this.reclaim = reclaim;
        this.index = new PageIndex(arena.indexPool());
    }

    public PageArena arena() {
        return arena;
    }

    /**
     * mmap with MAP_POPULATE: {@code pages} pages from {@code vpn}, each filled with {@code fill}.
     * Returns false (having mapped part of the range) when the arena ran out of frames.
     */
    public boolean map(final long vpn, final long pages, final byte fill) {
        return map(vpn, pages, fill, true);
    }

    /**
     * mmap of {@code pages} pages from {@code vpn}: populated (MAP_POPULATE, every page written with
     * {@code fill}), or not (never written: the entries stay empty, reads see zeros, vmsplice gets
     * the {@link #zeroPage}, a store faults in a fresh page). False when out of frames.
     */
    public boolean map(final long vpn, final long pages, final byte fill, final boolean populate) {
        if (!populate) {
            for (long i = 0; i < pages; i++) {
                index.reserve(vpn + i);
            }
            return true;
        }
        for (long i = 0; i < pages; i++) {
            final long ref = alloc();
            if (ref == PageRef.NULL) {
                return false;
            }
            arena.fill(ref, 0, PageArena.PAGE_SIZE, fill);
            arena.setFlags(ref, PageFlags.ANON | PageFlags.MAPPED);
            if (!index.insert(vpn + i, PageIndex.EMPTY, ref)) {
                throw new IllegalStateException("page " + (vpn + i) + " is mapped twice");
            }
        }
        return true;
    }

    /**
     * {@code get_user_pages_fast} for one page: the mapped page with a reference taken for the caller,
     * or {@link PageRef#NULL} when nothing is mapped there (a gift took it). Retries as
     * {@link PageCache#lookup} does while a steal holds the page frozen or the entry changes.
     */
    public long lookup(final long vpn, final LookupStats stats) {
        stats.lookups++;
        final long slot = index.slot(vpn);
        while (true) {
            final long v = PageIndex.loadSlot(slot);
            if (!PageIndex.isPage(v)) {
                stats.misses++;
                return PageRef.NULL;
            }
            arena.point(SchedulePoints.Op.MM_LOOKUP_LOADED, v);
            if (!arena.tryGet(v)) {
                if (arena.isFrozen(v)) {
                    stats.retriesFrozen++;
                    arena.point(SchedulePoints.Op.MM_LOOKUP_FROZEN, v);
                    Thread.onSpinWait();
                    continue;
                }
                if (PageIndex.loadSlot(slot) == v) {
                    if (!arena.isLive(v)) {
                        arena.audit().report(Violation.USE_AFTER_FREE, v, "page-table walk",
                            "vpn=" + vpn + ": the entry maps a page that was freed");
                    }
                    // else the refcount is at its limit: no reference (the caller reports EFAULT)
                    stats.misses++;
                    return PageRef.NULL;
                }
                stats.retriesChanged++;
                continue;
            }
            arena.point(SchedulePoints.Op.MM_LOOKUP_REFERENCED, v);
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
     * The page at {@code vpn} with a reference for the caller, faulting in a fresh zero page when the
     * entry is empty ({@code do_anonymous_page}; two threads faulting at once: one page wins, the other
     * is freed). {@link PageRef#NULL} only when no frame is left.
     */
    public long faultIn(final long vpn, final LookupStats stats) {
        while (true) {
            final long ref = lookup(vpn, stats);
            if (ref != PageRef.NULL || PageIndex.isPage(index.load(vpn))) {
                return ref;   // a page, or one whose refcount is at its limit (NULL)
            }
            final long fresh = alloc();
            if (fresh == PageRef.NULL) {
                return PageRef.NULL;
            }
            arena.fill(fresh, 0, PageArena.PAGE_SIZE, (byte) 0);
            arena.setFlags(fresh, PageFlags.ANON | PageFlags.MAPPED);
            arena.point(SchedulePoints.Op.MM_FAULT_ALLOCATED, fresh);
            if (!index.compareAndSet(vpn, PageIndex.EMPTY, fresh)) {
                arena.clearFlags(fresh, PageFlags.MAPPED);
                arena.put(fresh);
            }
        }
    }

    /**
     * The gift steal of {@code private-pages}' vmsplice: the caller holds one reference from
     * {@link #lookup}. Freeze at mapping + caller (a sibling's store in progress, a sibling's vmsplice or
     * a pin holds one more: the steal fails), empty the entry, unfreeze to the caller's reference. The
     * page is the caller's alone; the process sees a zero page there next time it touches it.
     */
    public StealOutcome steal(final long vpn, final long ref) {
        if (!arena.freeze(ref, 2)) {
            return StealOutcome.SHARED;
        }
        arena.point(SchedulePoints.Op.GIFT_FROZEN, ref);
        if (!index.compareAndSet(vpn, ref, PageIndex.EMPTY)) {
            arena.unfreeze(ref, 2);
            return StealOutcome.REMOVED;
        }
        arena.clearFlags(ref, PageFlags.MAPPED);
        arena.point(SchedulePoints.Op.GIFT_REMOVED, ref);
        arena.unfreeze(ref, 1);
        return StealOutcome.STOLEN;
    }

    /**
     * The same steal as a real mistake ({@code private-pages-racy}): check the count, then unmap; the
     * stealer then claims the page ({@link PageArena#claimExclusive}), which names a reference that
     * slipped in between as {@link Violation#STOLEN_WHILE_SHARED}.
     */
    public StealOutcome stealRacy(final long vpn, final long ref) {
        if (arena.refCount(ref) != 2) {
            return StealOutcome.SHARED;
        }
        arena.point(SchedulePoints.Op.GIFT_RACY_CHECKED, ref);
        if (!index.compareAndSet(vpn, ref, PageIndex.EMPTY)) {
            return StealOutcome.REMOVED;
        }
        arena.clearFlags(ref, PageFlags.MAPPED);
        arena.point(SchedulePoints.Op.GIFT_RACY_REMOVED, ref);
        arena.put(ref);
        arena.claimExclusive(ref);
        return StealOutcome.STOLEN;
    }

    /**
     * A reference to the zero page ({@code ZERO_PAGE}: what get_user_pages maps for reading a page that
     * was never written), for the caller; {@link PageRef#NULL} when no frame is left. One per address
     * space here; no store ever reaches it (a store faults in a page of its own).
     */
    public synchronized long zeroPage() {
        if (zeroPage == PageRef.NULL) {
            final long z = alloc();
            if (z == PageRef.NULL) {
                return PageRef.NULL;
            }
            arena.fill(z, 0, PageArena.PAGE_SIZE, (byte) 0);
            zeroPage = z;
        }
        return arena.get(zeroPage) ? zeroPage : PageRef.NULL;
    }

    /** munmap of everything (the last thread exited): the mappings' references are put; the index is freed. */
    public void unmapAll() {
        synchronized (this) {
            if (zeroPage != PageRef.NULL) {
                arena.put(zeroPage);
                zeroPage = PageRef.NULL;
            }
        }
        for (long i = index.nextPage(0); i >= 0; i = index.nextPage(i + 1)) {
            final long ref = index.load(i);
            if (PageIndex.isPage(ref) && index.compareAndSet(i, ref, PageIndex.EMPTY)) {
                arena.clearFlags(ref, PageFlags.MAPPED);
                arena.put(ref);
            }
        }
        index.destroy();
    }

    private long alloc() {
        return reclaim != null ? reclaim.alloc() : arena.alloc();
    }
}
