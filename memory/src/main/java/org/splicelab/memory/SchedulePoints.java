package org.splicelab.memory;

/**
 * Memory-level choice points: the places inside a page-cache or address-space operation where another
 * thread's action changes the outcome (between a slot load and the speculative reference, between
 * that reference and the re-check, between a steal's steps), and the waits that only another thread
 * can end (a page lock, a frozen page, {@code f_pos_lock}). The operations call
 * {@link PageArena#point(Op, long)} there; a controlled scheduler installed on the arena
 * ({@link PageArena#schedulePoints(SchedulePoints)}) may then suspend the calling thread and run
 * another one, which is how the deterministic runtime explores, replays and shrinks a lookup racing a
 * steal. Off ({@code null}) everywhere else: one field read and a null check per point, no allocation.
 *
 * <p>An implementation is called on whatever thread runs the operation, and must return at once on a
 * thread it does not control. A thread suspended at a point may hold a page lock, a frozen refcount or
 * {@code f_pos_lock}, never a Java monitor (no memory operation runs under one). At a {@link Op#spin()}
 * point the caller is waiting for another thread: the scheduler must run someone else before it
 * resumes the caller, or the one thread that may run would spin forever.
 */
@FunctionalInterface
public interface SchedulePoints {
    /**
     * The calling thread reached {@code op} on page {@code ref} ({@link PageRef#NULL} when no page is
     * concerned); it may be suspended here.
     */
    void point(Op op, long ref);

    /** Where a point is, as traces and replay files name it. */
    enum Op {
        /** {@link PageCache#lookup}: the slot held this page; the speculative reference is next. */
        CACHE_LOOKUP_LOADED("lookup:loaded", false),
        /** {@link PageCache#lookup}: the speculative reference is taken; the re-check of the slot is next. */
        CACHE_LOOKUP_REFERENCED("lookup:referenced", false),
        /** A page-cache lookup found the page frozen (a steal or eviction in progress) and waits. */
        CACHE_LOOKUP_FROZEN("lookup:frozen-wait", true),
        /** {@link PageCache#steal}: the count is frozen at cache + caller; removing it from the index is next. */
        CACHE_STEAL_FROZEN("steal:frozen", false),
        /** {@link PageCache#steal}: the page left the index; the unfreeze is next. */
        CACHE_STEAL_REMOVED("steal:removed", false),
        /** {@link PageCache#stealRacy}: the refcount read 2; removing the page (no freeze) is next. */
        CACHE_STEAL_RACY_CHECKED("steal-racy:checked", false),
        /** {@link PageCache#stealRacy}: the page left the index; dropping the cache's reference and the claim are next. */
        CACHE_STEAL_RACY_REMOVED("steal-racy:removed", false),
        /** {@link PageCache#evict}: the count is frozen; removing it from the index is next. */
        CACHE_EVICT_FROZEN("evict:frozen", false),
        /** {@link PageCache#evict}: the page left the index; the unfreeze is next. */
        CACHE_EVICT_REMOVED("evict:removed", false),
        /** {@link AddressSpace#lookup}: the entry mapped this page; the speculative reference is next. */
        MM_LOOKUP_LOADED("gup:loaded", false),
        /** {@link AddressSpace#lookup}: the speculative reference is taken; the re-check of the entry is next. */
        MM_LOOKUP_REFERENCED("gup:referenced", false),
        /** An address-space lookup found the page frozen (a gift in progress) and waits. */
        MM_LOOKUP_FROZEN("gup:frozen-wait", true),
        /** {@link AddressSpace#faultIn}: a zero page is ready; installing it in the empty entry is next. */
        MM_FAULT_ALLOCATED("fault:allocated", false),
        /** {@link AddressSpace#steal}: the count is frozen at mapping + caller; unmapping is next. */
        GIFT_FROZEN("gift:frozen", false),
        /** {@link AddressSpace#steal}: the entry is empty; the unfreeze is next. */
        GIFT_REMOVED("gift:removed", false),
        /** {@link AddressSpace#stealRacy}: the refcount read 2; unmapping (no freeze) is next. */
        GIFT_RACY_CHECKED("gift-racy:checked", false),
        /** {@link AddressSpace#stealRacy}: the entry is empty; dropping the mapping's reference and the claim are next. */
        GIFT_RACY_REMOVED("gift-racy:removed", false),
        /** {@code lock_page}: the page is locked by another thread; the caller waits. */
        PAGE_LOCK_WAIT("page-lock-wait", true),
        /** {@code f_pos_lock} is held by another thread; the caller waits. */
        POSITION_LOCK_WAIT("f_pos-lock-wait", true),
        /**
         * Only with {@link Mutant#NONATOMIC_FREEZE} on: the freeze read the expected count; its plain
         * store of FROZEN is next (a correct freeze is one CAS and has no point).
         */
        FREEZE_NONATOMIC_CHECKED("freeze-nonatomic:checked", false);

        private final String id;
        private final boolean spin;

        Op(final String id, final boolean spin) {
            this.id = id;
            this.spin = spin;
        }

        /** The short name traces and replay comments show ({@code steal-racy:checked}). */
        public String id() {
            return id;
        }

        /** True when the caller waits here for another thread (a lock, a frozen page). */
        public boolean spin() {
            return spin;
        }
    }
}
