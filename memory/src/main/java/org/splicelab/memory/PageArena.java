package org.splicelab.memory;

import net.openhft.chronicle.bytes.BytesStore;

/**
 * The page arena: {@code capacity} page frames of {@value #PAGE_SIZE} bytes in one native Chronicle
 * store, and one 64-byte header per frame in another ({@code struct page}). Every operation is named for
 * the kernel function it models, checks the {@link PageRef}'s generation, is lock-free, is safe from any
 * thread and allocates nothing unless it records a violation in the {@link PageAudit}.
 *
 * <h2>Header layout (64 bytes, cache-line aligned: no false sharing between frames)</h2>
 * <pre>
 *  0                 8        12         16              24              32                      64
 *  |  state (long)   | flags  | version  |  owner (long)  |  index (long)  |       padding         |
 *  state = generation &lt;&lt; 32 | refcount   (one CAS updates both, so a stale reference can never
 *                                          change a recycled frame's count)
 * </pre>
 * A free frame has refcount 0 and the generation its next life will have. A frozen frame
 * ({@link #freeze}) has refcount {@link #FROZEN}.
 *
 * <h2>What counts as a violation (recorded, then the operation is refused)</h2>
 * <ul>
 *   <li>any operation but {@link #tryGet} through a stale reference: {@link Violation#USE_AFTER_FREE};
 *       {@code tryGet} is the speculative lookup and simply fails, as {@code get_page_unless_zero}
 *       does on a freed page;</li>
 *   <li>{@link #put} at refcount 0, or a put that would free a page still flagged
 *       {@link PageFlags#IN_PAGE_CACHE} or {@link PageFlags#MAPPED} (the cache or the mapping still owns
 *       a reference, and clears its flag before putting it: this put took that reference away):
 *       {@link Violation#REFCOUNT_UNDERFLOW};</li>
 *   <li>a data or flag operation through a reference whose frame was freed while the operation ran
 *       (the generation is checked before and after): {@link Violation#USE_AFTER_FREE};</li>
 *   <li>{@link #get} or {@link #put} on a frozen page, or {@link #claimExclusive} while the refcount
 *       is not 1: {@link Violation#STOLEN_WHILE_SHARED} (a holder existed that the steal did not count);</li>
 *   <li>frames still referenced at {@link #close} or {@link #reportLeaks}: {@link Violation#PAGE_LEAK}.</li>
 * </ul>
 *
 * <p>Programming errors that model no kernel state (an offset past the page end, unlocking an unlocked
 * page, unfreezing a page that is not frozen, a frame index beyond the arena) throw at once.
 */
public final class PageArena implements AutoCloseable {
    /** Bytes in one page frame. */
    public static final int PAGE_SIZE = 4096;
    /** Bytes in one frame header. */
    public static final int HEADER_LENGTH = 64;
    /** The refcount of a frozen page ({@code page_ref_freeze} leaves 0 in the kernel; we keep it distinct). */
    public static final int FROZEN = Integer.MIN_VALUE;
    /** The default number of frames: 64 Ki frames = 256 MiB of page data (the built-in scenarios fit). */
    public static final int DEFAULT_FRAMES = 64 * 1024;
    /** Set to {@code false} to skip offset/length checks on data operations (benchmarks only). */
    public static final String BOUNDS_CHECKS_PROP_NAME = "splicelab.memory.boundsChecks";

    /** The state word is the header's first, so its address is the header's own (no "+ 0" to mutate). */
    static final int STATE_OFFSET = 0;
    static final int FLAGS_OFFSET = 8;
    static final int VERSION_OFFSET = 12;
    static final int OWNER_OFFSET = 16;
    static final int INDEX_OFFSET = 24;

    private static final boolean BOUNDS_CHECKS =
        !"false".equalsIgnoreCase(System.getProperty(BOUNDS_CHECKS_PROP_NAME, "true"));
    private static final long ONES = 0x0101_0101_0101_0101L;
    /** Flags of the holders that own a reference by structure: they clear the flag before their own put. */
    private static final int HELD_BY_STRUCTURE = PageFlags.IN_PAGE_CACHE | PageFlags.MAPPED;

    private final int capacity;
    private final BytesStore<?, Void> data;
    private final BytesStore<?, Void> headers;
    private final long headerBase;
    private final IndexFreeList freeList;
    private final PageAudit audit;
    private boolean closed;
    /** Sees refcount changes when set (deterministic traces); null = off. Set while no other thread uses the arena. */
    private PageTracer tracer;
    /** Memory-level choice points when set (the deterministic runtime); null = off. Set while no other thread uses the arena. */
    private SchedulePoints points;
    /** The nodes of every page index over this arena's pages (created on first use, closed with the arena). */
    private PageIndexPool indexPool;

    /** An arena of {@link #DEFAULT_FRAMES} frames with a fresh audit. */
    public PageArena() {
        this(DEFAULT_FRAMES, new PageAudit());
    }

    public PageArena(final int frames) {
        this(frames, new PageAudit());
    }

    /**
     * @param frames number of page frames (1 M frames = 4 GiB of native memory, committed lazily by the OS)
     * @param audit  where violations are counted
     */
    public PageArena(final int frames, final PageAudit audit) {
        if (frames <= 0) {
            throw new IllegalArgumentException("frames=" + frames + " (expected > 0)");
        }
        this.capacity = frames;
        this.audit = audit;
        BytesStore<?, Void> d = null;
        BytesStore<?, Void> h = null;
        IndexFreeList f = null;
        try {
            // not zeroed: the OS commits page data on first touch, so a 1 M-frame arena costs nothing up front
            d = BytesStore.lazyNativeBytesStoreWithFixedCapacity((long) frames * PAGE_SIZE);
            h = BytesStore.nativeStoreWithFixedCapacity((long) frames * HEADER_LENGTH + HEADER_LENGTH);
            f = new IndexFreeList(frames);
        } catch (RuntimeException | Error e) {
            if (d != null) {
                d.releaseLast();
            }
            if (h != null) {
                h.releaseLast();
            }
            throw e;
        }
        this.data = d;
        this.headers = h;
        this.freeList = f;
        final long address = headers.addressForRead(0);
        this.headerBase = (HEADER_LENGTH - (address & (HEADER_LENGTH - 1))) & (HEADER_LENGTH - 1);
        headers.zeroOut(0, headers.capacity());
        for (int i = 0; i < frames; i++) {
            headers.writeLong(headerBase + (long) i * HEADER_LENGTH, state(1, 0));
        }
    }

    public int capacity() {
        return capacity;
    }

    public PageAudit audit() {
        return audit;
    }

    /**
     * Installs (or with null removes) the {@link PageTracer} that sees every refcount change. Set it
     * only while no other thread uses the arena (between executions).
     */
    public void tracer(final PageTracer tracer) {
        this.tracer = tracer;
    }

    public PageTracer tracer() {
        return tracer;
    }

    /**
     * Installs (or with null removes) the scheduler that {@link #point} calls: the deterministic runtime
     * while it explores memory-level interleavings. Set it only while no other thread uses the arena.
     */
    public void schedulePoints(final SchedulePoints p) {
        this.points = p;
    }

    public SchedulePoints schedulePoints() {
        return points;
    }

    /**
     * A memory-level choice point ({@link SchedulePoints}): the caller (a page-cache or address-space
     * operation, a lock wait) is at {@code op} on {@code ref}, where another thread's action changes
     * what happens next. Nothing happens unless a scheduler is installed; then it may run another
     * thread before this one goes on.
     */
    public void point(final SchedulePoints.Op op, final long ref) {
        final SchedulePoints p = points;
        if (p != null) {
            p.point(op, ref);
        }
    }

    /**
     * The node pool for the {@link PageIndex}es (page caches, address spaces) that index this arena's
     * pages, sized for {@link #capacity} frames; created on first use and released by {@link #close}.
     */
    public synchronized PageIndexPool indexPool() {
        if (closed) {
            throw new IllegalStateException("the arena is closed");
        }
        if (indexPool == null) {
            indexPool = PageIndexPool.forFrames(capacity);
        }
        return indexPool;
    }

    // ------------------------------------------------------------------ life cycle of a frame

    /**
     * {@code alloc_page}: a free frame with refcount 1, no flags, no owner. Its data is whatever the
     * frame held last (as in the kernel; fill or copy before exposing it).
     *
     * @return the reference, or {@link PageRef#NULL} when every frame is in use
     */
    public long alloc() {
        final int frame = freeList.pop();
        if (frame == IndexFreeList.EMPTY) {
            return PageRef.NULL;
        }
        final long h = header(frame);
        headers.writeInt(h + FLAGS_OFFSET, 0);
        headers.writeInt(h + VERSION_OFFSET, 0);
        headers.writeLong(h + OWNER_OFFSET, 0L);
        headers.writeLong(h + INDEX_OFFSET, 0L);
        final int generation = generation(headers.readVolatileLong(h));
        // volatile store publishes the cleared header together with the new life
        headers.writeVolatileLong(h, state(generation, 1));
        if (tracer != null) {
            tracer.refCountChanged("alloc", PageRef.of(frame, generation), 0, 1);
        }
        return PageRef.of(frame, generation);
    }

    /**
     * {@code get_page}: takes one more reference; the caller must already hold one. Refused (false)
     * on a stale reference, a frozen page, or at the refcount limit (the overflow guard of
     * CVE-2019-11487: the caller reports EFAULT).
     */
    public boolean get(final long ref) {
        final long h = header(ref);
        while (true) {
            final long s = headers.readVolatileLong(h);
            final int c = count(s);
            if (generation(s) != PageRef.generation(ref) || c == 0) {
                reportStale(ref, "get", s);
                return false;
            }
            if (c == FROZEN) {
                audit.report(Violation.STOLEN_WHILE_SHARED, ref, "get",
                    "a holder took a reference while the page was frozen for a steal");
                return false;
            }
            if (c == Integer.MAX_VALUE) {
                return false;
            }
            if (headers.compareAndSwapLong(h, s, s + 1)) {
                if (tracer != null) {
                    tracer.refCountChanged("get", ref, c, c + 1);
                }
                return true;
            }
        }
    }

    /**
     * {@code get_page_unless_zero} / {@code try_get_page}: takes a reference only if the page is live:
     * fails (false, no violation) when the reference is stale, the page is free or frozen, or at the
     * refcount limit.
     */
    public boolean tryGet(final long ref) {
        final long h = header(ref);
        while (true) {
            final long s = headers.readVolatileLong(h);
            final int c = count(s);
            if (generation(s) != PageRef.generation(ref) || c <= 0 || c == Integer.MAX_VALUE) {
                if (tracer != null) {
                    tracer.refCountChanged("tryGet-failed", ref, generation(s) != PageRef.generation(ref) ? 0 : c,
                        generation(s) != PageRef.generation(ref) ? 0 : c);
                }
                return false;
            }
            if (headers.compareAndSwapLong(h, s, s + 1)) {
                if (tracer != null) {
                    tracer.refCountChanged("tryGet", ref, c, c + 1);
                }
                return true;
            }
        }
    }

    /**
     * {@code put_page}: drops one reference; at zero the frame is freed, its generation bumped (every
     * outstanding reference becomes stale) and returned to the free list.
     *
     * @return true when this call freed the page
     */
    public boolean put(final long ref) {
        final long h = header(ref);
        while (true) {
            final long s = headers.readVolatileLong(h);
            final int c = count(s);
            if (generation(s) != PageRef.generation(ref)) {
                reportStale(ref, "put", s);
                return false;
            }
            if (c == FROZEN) {
                audit.report(Violation.STOLEN_WHILE_SHARED, ref, "put",
                    "a holder dropped a reference while the page was frozen for a steal");
                return false;
            }
            if (c <= 0) {
                audit.report(Violation.REFCOUNT_UNDERFLOW, ref, "put", "refcount=" + c);
                return false;
            }
            if (c == 1 && (headers.readVolatileInt(h + FLAGS_OFFSET) & HELD_BY_STRUCTURE) != 0) {
                // the page cache and a mapping clear their flag before their own put: this put is one too many
                audit.report(Violation.REFCOUNT_UNDERFLOW, ref, "put",
                    "the last reference was dropped while the page is still "
                        + ((headers.readVolatileInt(h + FLAGS_OFFSET) & PageFlags.IN_PAGE_CACHE) != 0
                        ? "in a page cache (file=" + headers.readLong(h + OWNER_OFFSET) + " index="
                            + headers.readLong(h + INDEX_OFFSET) + ")" : "mapped by a process")
                        + ", which holds a reference of its own: one put too many (refused)");
                return false;
            }
            if (c > 1) {
                if (headers.compareAndSwapLong(h, s, s - 1)) {
                    if (tracer != null) {
                        tracer.refCountChanged("put", ref, c, c - 1);
                    }
                    return false;
                }
            } else if (headers.compareAndSwapLong(h, s, state(nextGeneration(generation(s)), 0))) {
                headers.writeVolatileInt(h + FLAGS_OFFSET, 0);
                freeList.push(PageRef.frame(ref));
                if (tracer != null) {
                    tracer.refCountChanged("put", ref, 1, 0);
                }
                return true;
            }
        }
    }

    /**
     * {@code page_ref_freeze}: atomically replaces a refcount of exactly {@code expected} with
     * {@link #FROZEN}, so no {@link #tryGet} can succeed. The only correct way to steal a page: the
     * caller counts every reference it knows of (for {@code remove_mapping}: the cache's and its own).
     *
     * @return false when the refcount is not {@code expected} (someone else holds the page)
     */
    public boolean freeze(final long ref, final int expected) {
        if (expected <= 0) {
            throw new IllegalArgumentException("expected=" + expected + " (a live page has >= 1 reference)");
        }
        final long h = header(ref);
        final long s = headers.readVolatileLong(h);
        if (generation(s) != PageRef.generation(ref) || count(s) == 0) {
            reportStale(ref, "freeze", s);
            return false;
        }
        final boolean frozen = Mutant.NONATOMIC_FREEZE.on() ? mutantFreeze(ref, h, s, expected)
            : count(s) == expected && headers.compareAndSwapLong(h, s, state(generation(s), FROZEN));
        if (tracer != null) {
            tracer.refCountChanged(frozen ? "freeze" : "freeze-failed", ref, count(s), frozen ? FROZEN : count(s));
        }
        return frozen;
    }

    /**
     * The {@link Mutant#NONATOMIC_FREEZE} slip (docs/mutation.md): check the count, then store FROZEN
     * without a CAS, so a reference taken in between is overwritten. Never runs unless that mutant is on.
     * The window between the check and the store is a memory-level choice point, as the shipped racy
     * steals' windows are (ADR 0011), so a deterministic hunt with memory points can reach it.
     */
    private boolean mutantFreeze(final long ref, final long h, final long s, final int expected) {
        if (count(s) != expected) {
            return false;
        }
        point(SchedulePoints.Op.FREEZE_NONATOMIC_CHECKED, ref);
        Thread.onSpinWait();
        headers.writeVolatileLong(h, state(generation(s), FROZEN));
        return true;
    }

    /** {@code page_ref_unfreeze}: ends a freeze, leaving {@code count} references (the stealer's: 1). */
    public void unfreeze(final long ref, final int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("count=" + count + " (expected >= 1)");
        }
        final long h = header(ref);
        final long s = headers.readVolatileLong(h);
        if (generation(s) != PageRef.generation(ref) || count(s) != FROZEN) {
            throw new IllegalStateException("unfreeze of a page that is not frozen: " + PageRef.toString(ref)
                + " state=" + describeState(s));
        }
        headers.writeVolatileLong(h, state(generation(s), count));
        if (tracer != null) {
            tracer.refCountChanged("unfreeze", ref, FROZEN, count);
        }
    }

    /**
     * Declares that the caller now holds the only reference (the end of a steal). This is the
     * check the kernel's anon/default {@code try_steal} performs ({@code page_count == 1}, SEMANTICS
     * R2): when it fails, the steal has already happened in the caller's mind, so it is recorded as
     * {@link Violation#STOLEN_WHILE_SHARED}.
     *
     * @return true when the refcount is exactly 1
     */
    public boolean claimExclusive(final long ref) {
        final long s = headers.readVolatileLong(header(ref));
        if (generation(s) != PageRef.generation(ref) || count(s) == 0) {
            reportStale(ref, "claimExclusive", s);
            return false;
        }
        if (tracer != null) {
            tracer.refCountChanged("claimExclusive", ref, count(s), count(s));
        }
        if (count(s) != 1) {
            audit.report(Violation.STOLEN_WHILE_SHARED, ref, "claimExclusive", "refcount=" + describeCount(count(s)));
            return false;
        }
        return true;
    }

    /** {@code page_count}: the current refcount; 0 when the reference is stale, the page free or frozen. */
    public int refCount(final long ref) {
        final long s = headers.readVolatileLong(header(ref));
        final int c = count(s);
        return generation(s) != PageRef.generation(ref) || c == FROZEN ? 0 : c;
    }

    /** True when the page is frozen by {@link #freeze}. */
    public boolean isFrozen(final long ref) {
        final long s = headers.readVolatileLong(header(ref));
        return generation(s) == PageRef.generation(ref) && count(s) == FROZEN;
    }

    /** True when {@code ref} names the frame's current life and the frame is not free. */
    public boolean isLive(final long ref) {
        final long s = headers.readVolatileLong(header(ref));
        return generation(s) == PageRef.generation(ref) && count(s) != 0;
    }

    // ------------------------------------------------------------------ lock and flags

    /** {@code trylock_page}: sets {@link PageFlags#LOCKED} if it was clear. */
    public boolean tryLock(final long ref) {
        final long h = liveHeader(ref, "tryLock");
        if (h < 0) {
            return false;
        }
        while (true) {
            final int f = headers.readVolatileInt(h + FLAGS_OFFSET);
            if ((f & PageFlags.LOCKED) != 0) {
                return false;
            }
            if (headers.compareAndSwapInt(h + FLAGS_OFFSET, f, f | PageFlags.LOCKED)) {
                return stillLive(ref, "tryLock");
            }
        }
    }

    /** {@code unlock_page}. Throws when the page is not locked. */
    public void unlock(final long ref) {
        final long h = liveHeader(ref, "unlock");
        if (h < 0) {
            return;
        }
        while (true) {
            final int f = headers.readVolatileInt(h + FLAGS_OFFSET);
            if ((f & PageFlags.LOCKED) == 0) {
                throw new IllegalStateException("unlock of an unlocked page " + PageRef.toString(ref));
            }
            if (headers.compareAndSwapInt(h + FLAGS_OFFSET, f, f & ~PageFlags.LOCKED)) {
                return;
            }
        }
    }

    /** Atomically sets the bits of {@code mask}; returns the flags before. */
    public int setFlags(final long ref, final int mask) {
        return updateFlags(ref, mask, 0, "setFlags");
    }

    /** Atomically clears the bits of {@code mask}; returns the flags before. */
    public int clearFlags(final long ref, final int mask) {
        return updateFlags(ref, 0, mask, "clearFlags");
    }

    /** The flag word (0 when the reference is stale, which is recorded). */
    public int flags(final long ref) {
        final long h = liveHeader(ref, "flags");
        return h < 0 ? 0 : headers.readVolatileInt(h + FLAGS_OFFSET);
    }

    /** True when every bit of {@code mask} is set. */
    public boolean hasFlags(final long ref, final int mask) {
        return (flags(ref) & mask) == mask;
    }

    // ------------------------------------------------------------------ modification count

    /**
     * Counts a change of the page's contents made after it may have been shared (a write into a cached
     * page, a store into a mapped page). A holder that remembers {@link #version} can tell later whether
     * the data it references changed: what a reader of a zero-copy buffer sees (SEMANTICS §2.1).
     */
    public void markModified(final long ref) {
        final long h = liveHeader(ref, "markModified");
        if (h >= 0) {
            headers.addAndGetInt(h + VERSION_OFFSET, 1);
            stillLive(ref, "markModified");
        }
    }

    /** How many times {@link #markModified} was called in this life of the page (0 when stale). */
    public int version(final long ref) {
        final long h = liveHeader(ref, "version");
        return h < 0 ? 0 : headers.readVolatileInt(h + VERSION_OFFSET);
    }

    // ------------------------------------------------------------------ page-cache membership

    /**
     * Records page-cache membership ({@code page->mapping}, {@code page->index}) and sets
     * {@link PageFlags#IN_PAGE_CACHE}; the flag's atomic update publishes owner and index.
     */
    public void setMapping(final long ref, final long owner, final long index) {
        final long h = liveHeader(ref, "setMapping");
        if (h >= 0) {
            headers.writeLong(h + OWNER_OFFSET, owner);
            headers.writeLong(h + INDEX_OFFSET, index);
            updateFlags(ref, PageFlags.IN_PAGE_CACHE, 0, "setMapping");
        }
    }

    /** Clears page-cache membership (truncate, reclaim, steal): the data lives on while references exist. */
    public void clearMapping(final long ref) {
        final long h = liveHeader(ref, "clearMapping");
        if (h >= 0) {
            updateFlags(ref, 0, PageFlags.IN_PAGE_CACHE, "clearMapping");
            headers.writeLong(h + OWNER_OFFSET, 0L);
            headers.writeLong(h + INDEX_OFFSET, 0L);
        }
    }

    /** The owning file's id while {@link PageFlags#IN_PAGE_CACHE} is set, else 0. */
    public long owner(final long ref) {
        final long h = liveHeader(ref, "owner");
        return h < 0 || (headers.readVolatileInt(h + FLAGS_OFFSET) & PageFlags.IN_PAGE_CACHE) == 0
            ? 0L : headers.readLong(h + OWNER_OFFSET);
    }

    /** The page index in the owning file (meaningful while {@link #owner} is non-zero). */
    public long index(final long ref) {
        final long h = liveHeader(ref, "index");
        return h < 0 ? 0L : headers.readLong(h + INDEX_OFFSET);
    }

    // ------------------------------------------------------------------ data

    /** Copies {@code len} bytes between pages (they may be the same page; ranges may overlap). */
    public boolean copy(final long src, final int srcOffset, final long dst, final int dstOffset, final int len) {
        if (liveHeader(src, "copy") < 0 || liveHeader(dst, "copy") < 0) {
            return false;
        }
        checkRange(srcOffset, len);
        checkRange(dstOffset, len);
        data.move(dataAddress(src) + srcOffset, dataAddress(dst) + dstOffset, len);
        return stillLive(src, "copy") & stillLive(dst, "copy");
    }

    /** Sets {@code len} bytes at {@code offset} to {@code value}. */
    public boolean fill(final long ref, final int offset, final int len, final byte value) {
        if (liveHeader(ref, "fill") < 0) {
            return false;
        }
        checkRange(offset, len);
        final long base = dataAddress(ref) + offset;
        if (value == 0) {
            data.zeroOut(base, base + len);
            return stillLive(ref, "fill");
        }
        final long pattern = (value & 0xFFL) * ONES;
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            data.writeLong(base + i, pattern);
        }
        for (; i < len; i++) {
            data.writeByte(base + i, value);
        }
        return stillLive(ref, "fill");
    }

    /** Writes {@code len} bytes of {@code src} from {@code srcOffset} into the page at {@code offset}. */
    public boolean write(final long ref, final int offset, final byte[] src, final int srcOffset, final int len) {
        if (liveHeader(ref, "write") < 0) {
            return false;
        }
        checkRange(offset, len);
        data.write(dataAddress(ref) + offset, src, srcOffset, len);
        return stillLive(ref, "write");
    }

    /** Reads {@code len} bytes at {@code offset} into {@code dst} from {@code dstOffset}. */
    public boolean read(final long ref, final int offset, final byte[] dst, final int dstOffset, final int len) {
        if (liveHeader(ref, "read") < 0) {
            return false;
        }
        checkRange(offset, len);
        data.read(dataAddress(ref) + offset, dst, dstOffset, len);
        return stillLive(ref, "read");
    }

    /** One byte of the page (0 when the reference is stale, which is recorded). */
    public byte readByte(final long ref, final int offset) {
        if (liveHeader(ref, "readByte") < 0) {
            return 0;
        }
        checkRange(offset, 1);
        final byte b = data.readByte(dataAddress(ref) + offset);
        return stillLive(ref, "readByte") ? b : 0;
    }

    /**
     * A 64-bit hash of {@code len} bytes at {@code offset} (FNV-1a over 8-byte words, then the murmur3
     * finaliser). Equal bytes give equal checksums across runs and machines.
     */
    public long checksum(final long ref, final int offset, final int len) {
        if (liveHeader(ref, "checksum") < 0) {
            return 0L;
        }
        checkRange(offset, len);
        final long base = dataAddress(ref) + offset;
        long hash = 0xCBF2_9CE4_8422_2325L ^ len;
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            hash = (hash ^ data.readLong(base + i)) * 0x100_0000_01B3L;
        }
        for (; i < len; i++) {
            hash = (hash ^ (data.readByte(base + i) & 0xFF)) * 0x100_0000_01B3L;
        }
        hash ^= hash >>> 33;
        hash *= 0xFF51_AFD7_ED55_8CCDL;
        hash ^= hash >>> 33;
        hash *= 0xC4CE_B9FE_1A85_EC53L;
        return stillLive(ref, "checksum") ? hash ^ (hash >>> 33) : 0L;
    }

    // ------------------------------------------------------------------ audit of the whole arena

    /** Frames not free right now (a scan of every header; exact when the arena is quiescent). */
    public int framesInUse() {
        int n = 0;
        for (int i = 0; i < capacity; i++) {
            if (count(headers.readVolatileLong(header(i))) != 0) {
                n++;
            }
        }
        return n;
    }

    /**
     * Reports every frame still referenced as {@link Violation#PAGE_LEAK} (call when every holder is
     * gone). Returns the number of leaked frames.
     */
    public int reportLeaks() {
        int leaks = 0;
        for (int i = 0; i < capacity; i++) {
            final long s = headers.readVolatileLong(header(i));
            if (count(s) != 0) {
                leaks++;
                audit.report(Violation.PAGE_LEAK, PageRef.of(i, generation(s)), "leak-check",
                    "refcount=" + describeCount(count(s)) + " flags="
                        + PageFlags.toString(headers.readVolatileInt(header(i) + FLAGS_OFFSET)));
            }
        }
        return leaks;
    }

    /**
     * Frees every frame still in use, whatever its refcount, so a reused arena starts empty (between
     * hunter schedules, after {@link #reportLeaks}). Only when no other thread uses the arena.
     */
    public int reclaimAllQuiescent() {
        int reclaimed = 0;
        for (int i = 0; i < capacity; i++) {
            final long h = header(i);
            final long s = headers.readVolatileLong(h);
            if (count(s) != 0) {
                headers.writeVolatileLong(h, state(nextGeneration(generation(s)), 0));
                headers.writeVolatileInt(h + FLAGS_OFFSET, 0);
                freeList.push(i);
                reclaimed++;
            }
        }
        return reclaimed;
    }

    /**
     * Reports leaks ({@link #reportLeaks}) and releases both native stores, exactly once; later calls
     * do nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            reportLeaks();
        } finally {
            closed = true;
            if (indexPool != null) {
                indexPool.close();
            }
            freeList.close();
            data.releaseLast();
            headers.releaseLast();
        }
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** A readable description of the frame's header, for traces. */
    public String describe(final long ref) {
        final long h = header(ref);
        final long s = headers.readVolatileLong(h);
        return PageRef.toString(ref) + "{" + describeState(s) + " flags="
            + PageFlags.toString(headers.readVolatileInt(h + FLAGS_OFFSET)) + "}";
    }

    // ------------------------------------------------------------------ internals

    private int updateFlags(final long ref, final int set, final int clear, final String operation) {
        final long h = liveHeader(ref, operation);
        if (h < 0) {
            return 0;
        }
        while (true) {
            final int f = headers.readVolatileInt(h + FLAGS_OFFSET);
            if (headers.compareAndSwapInt(h + FLAGS_OFFSET, f, (f | set) & ~clear)) {
                stillLive(ref, operation);
                return f;
            }
        }
    }

    /** The header offset of a live reference, or -1 after recording a use-after-free. */
    private long liveHeader(final long ref, final String operation) {
        final long h = header(ref);
        final long s = headers.readVolatileLong(h);
        if (generation(s) != PageRef.generation(ref) || count(s) == 0) {
            reportStale(ref, operation, s);
            return -1;
        }
        return h;
    }

    /**
     * The check after an operation that acted on a live frame: if the frame was freed (and maybe
     * reused) while the operation ran, the operation touched another life of it. Records
     * {@link Violation#USE_AFTER_FREE} and returns false. Costs one volatile load.
     */
    private boolean stillLive(final long ref, final String operation) {
        final long s = headers.readVolatileLong(header(ref));
        if (generation(s) != PageRef.generation(ref) || count(s) == 0) {
            audit.report(Violation.USE_AFTER_FREE, ref, operation,
                "the frame was freed while the operation ran; frame now " + describeState(s));
            return false;
        }
        return true;
    }

    /**
     * The reference to {@code frame}'s current life when the frame is in use and not frozen, else
     * {@link PageRef#NULL}; for scanners such as reclaim, which must then take a reference with
     * {@link #tryGet} before acting.
     */
    public long currentRef(final int frame) {
        final long s = headers.readVolatileLong(header(frame));
        final int c = count(s);
        return c <= 0 ? PageRef.NULL : PageRef.of(frame, generation(s));
    }

    private void reportStale(final long ref, final String operation, final long state) {
        audit.report(Violation.USE_AFTER_FREE, ref, operation, "frame now " + describeState(state));
    }

    private long header(final long ref) {
        return header(PageRef.frame(ref));
    }

    private long header(final int frame) {
        if (frame < 0 || frame >= capacity) {
            throw new IndexOutOfBoundsException("frame=" + frame + " capacity=" + capacity);
        }
        return headerBase + (long) frame * HEADER_LENGTH;
    }

    private static long dataAddress(final long ref) {
        return (long) PageRef.frame(ref) * PAGE_SIZE;
    }

    private static void checkRange(final int offset, final int len) {
        if (BOUNDS_CHECKS && (offset < 0 || len < 0 || offset + len > PAGE_SIZE)) {
            throw new IndexOutOfBoundsException("offset=" + offset + " len=" + len + " pageSize=" + PAGE_SIZE);
        }
    }

    private static long state(final int generation, final int count) {
        return ((long) generation << 32) | (count & 0xFFFF_FFFFL);
    }

    private static int generation(final long state) {
        return (int) (state >>> 32);
    }

    private static int count(final long state) {
        return (int) state;
    }

    private static int nextGeneration(final int generation) {
        final int next = generation + 1;
        return next == 0 ? 1 : next;
    }

    private static String describeState(final long state) {
        final int c = count(state);
        return (c == 0 ? "free" : "refcount=" + describeCount(c)) + " generation=" + generation(state);
    }

    private static String describeCount(final int c) {
        return c == FROZEN ? "frozen" : Integer.toString(c);
    }
}
