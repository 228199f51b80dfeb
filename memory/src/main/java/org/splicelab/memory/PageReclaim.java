package org.splicelab.memory;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Direct reclaim: when an allocation finds the arena empty, the allocating thread evicts clean page-cache
 * pages that nobody but their cache holds ({@code shrink_folio_list} → {@code __remove_mapping}), by a
 * clock hand over the frames, and retries. Evictions go through {@link PageCache#evict} (lock, freeze,
 * remove), so they race lookups, steals and the owners' own changes as they would in the kernel.
 *
 * <p>Any thread. Every {@link PageCache} that may be reclaimed is registered here by its owner.
 */
public final class PageReclaim {
    /** Frames scanned per page wanted before giving up. */
    private static final int SCAN_FACTOR = 8;

    private final PageArena arena;
    private final ConcurrentHashMap<Long, PageCache> caches = new ConcurrentHashMap<>();
    private final AtomicInteger hand = new AtomicInteger();
    /** Pages evicted by reclaim. */
    public final LongAdder evicted;
    /** Allocations that found the arena empty and ran reclaim. */
    public final LongAdder stalls = new LongAdder();

    public PageReclaim(final PageArena arena) {
        this(arena, new LongAdder());
    }

    /** A reclaimer that counts its evictions in {@code evicted}. */
    public PageReclaim(final PageArena arena, final LongAdder evicted) {
        this.arena = arena;
        this.evicted = evicted;
    }

    public void register(final PageCache cache) {
        caches.put(cache.fileId(), cache);
    }

    public void unregister(final PageCache cache) {
        caches.remove(cache.fileId(), cache);
    }

    /**
     * {@code alloc_page} with direct reclaim: a fresh page, evicting up to 32 clean cached pages first
     * when the arena is empty; {@link PageRef#NULL} when nothing could be freed.
     */
    public long alloc() {
        long ref = arena.alloc();
        if (ref != PageRef.NULL) {
            return ref;
        }
        stalls.increment();
        if (reclaim(32) > 0) {
            ref = arena.alloc();
        }
        return ref;
    }

    /** Evicts up to {@code wanted} clean, otherwise unreferenced cached pages; returns how many. */
    public int reclaim(final int wanted) {
        final int frames = arena.capacity();
        final int scan = (int) Math.min(frames, (long) wanted * SCAN_FACTOR + 64);
        int freed = 0;
        for (int n = 0; n < scan && freed < wanted; n++) {
            final int frame = Math.floorMod(hand.getAndIncrement(), frames);
            final long ref = arena.currentRef(frame);
            if (ref != PageRef.NULL && arena.refCount(ref) == 1 && arena.tryGet(ref) && evictHeld(ref)) {
                freed++;
            }
        }
        evicted.add(freed);
        return freed;
    }

    /** The caller holds one reference to {@code ref}: evicts it if it is a clean cached page; puts the reference. */
    private boolean evictHeld(final long ref) {
        boolean evictedNow = false;
        final int flags = arena.flags(ref);
        if ((flags & PageFlags.IN_PAGE_CACHE) != 0 && (flags & (PageFlags.DIRTY | PageFlags.WRITEBACK | PageFlags.LOCKED)) == 0) {
            final PageCache cache = caches.get(arena.owner(ref));
            evictedNow = cache != null && cache.evict(arena.index(ref), ref);
        }
        arena.put(ref);
        return evictedNow;
    }
}
