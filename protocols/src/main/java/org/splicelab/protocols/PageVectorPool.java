package org.splicelab.protocols;

import net.openhft.chronicle.bytes.BytesStore;
import org.splicelab.memory.IndexFreeList;

/**
 * A pool of fixed-size native slabs that {@link PageVector}s are encoded in. One Chronicle store
 * holds every slab; a slab is named by a {@code long} handle {@code generation << 32 | slab}, and the
 * generation changes each time the slab returns to the pool, so a handle used twice is caught.
 *
 * <h2>Slab layout</h2>
 * <pre>
 *  0               8        12                64
 *  | state (long)  | count  |    padding      |  entries: capacity x 24 bytes  (see PageVector)
 *  state = generation &lt;&lt; 32 | phase   phase: FREE 0, OPEN 1 (being filled), SENT 2, RECEIVED 3
 * </pre>
 * Any thread may acquire and release; one slab is used by one thread at a time (the phase CAS makes a
 * second receiver fail loudly).
 */
public final class PageVectorPool implements AutoCloseable {
    /** Slabs in a default pool. */
    public static final int DEFAULT_SLABS = 4096;
    /** Entries per slab in a default pool: a full 1 MiB pipe (pipe-max-size) fits in one vector. */
    public static final int DEFAULT_ENTRIES = 256;

    static final int FREE = 0;
    static final int OPEN = 1;
    static final int SENT = 2;
    static final int RECEIVED = 3;
    static final int SLAB_HEADER = 64;
    static final int STATE_OFFSET = 0;
    static final int COUNT_OFFSET = 8;
    static final int ENTRY_LENGTH = 24;

    private final int slabs;
    private final int entries;
    private final long slabLength;
    private final BytesStore<?, Void> store;
    private final IndexFreeList freeList;
    private boolean closed;

    public PageVectorPool() {
        this(DEFAULT_SLABS, DEFAULT_ENTRIES);
    }

    public PageVectorPool(final int slabs, final int entriesPerSlab) {
        if (slabs <= 0 || entriesPerSlab <= 0) {
            throw new IllegalArgumentException("slabs=" + slabs + " entriesPerSlab=" + entriesPerSlab);
        }
        this.slabs = slabs;
        this.entries = entriesPerSlab;
        this.slabLength = SLAB_HEADER + ((long) entriesPerSlab * ENTRY_LENGTH + 63) / 64 * 64;
        this.store = BytesStore.nativeStoreWithFixedCapacity(slabLength * slabs);
        this.freeList = new IndexFreeList(slabs);
        for (int i = 0; i < slabs; i++) {
            store.writeLong(slabOffset(i) + STATE_OFFSET, state(1, FREE));
            store.writeInt(slabOffset(i) + COUNT_OFFSET, 0);
        }
    }

    /** Entries one vector can hold. */
    public int entriesPerVector() {
        return entries;
    }

    public int slabs() {
        return slabs;
    }

    /** Slabs not free now (a scan; exact when quiescent). */
    public int inUse() {
        int n = 0;
        for (int i = 0; i < slabs; i++) {
            if (phase(store.readVolatileLong(slabOffset(i) + STATE_OFFSET)) != FREE) {
                n++;
            }
        }
        return n;
    }

    /**
     * Returns every slab not free to the pool (their references are not touched) and returns how many
     * there were: vectors lost in flight, for example in messages to a stopped actor. Only when no other
     * thread uses the pool.
     */
    public int reclaimAllQuiescent() {
        int n = 0;
        for (int i = 0; i < slabs; i++) {
            final long at = slabOffset(i);
            final long s = store.readVolatileLong(at + STATE_OFFSET);
            if (phase(s) != FREE) {
                final int next = generation(s) + 1 == 0 ? 1 : generation(s) + 1;
                store.writeVolatileLong(at + STATE_OFFSET, state(next, FREE));
                freeList.push(i);
                n++;
            }
        }
        return n;
    }

    /** A new flyweight over this pool (one per actor or thread; flyweights are not thread-safe). */
    public PageVector vector() {
        return new PageVector(this);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            freeList.close();
            store.releaseLast();
        }
    }

    // ------------------------------------------------------------------ used by PageVector

    BytesStore<?, Void> store() {
        return store;
    }

    /** Takes a free slab into phase OPEN; returns its handle. */
    long acquire() {
        final int slab = freeList.pop();
        if (slab == IndexFreeList.EMPTY) {
            throw new IllegalStateException("PageVector pool exhausted: all " + slabs
                + " slabs are in flight (a receiver is not releasing them, or the pool is too small)");
        }
        final long at = slabOffset(slab);
        final long s = store.readVolatileLong(at + STATE_OFFSET);
        store.writeInt(at + COUNT_OFFSET, 0);
        store.writeVolatileLong(at + STATE_OFFSET, state(generation(s), OPEN));
        return handle(generation(s), slab);
    }

    /** Moves the slab named by {@code handle} from phase {@code from} to {@code to}, or throws. */
    void transition(final long handle, final int from, final int to, final String operation) {
        final long at = slabOffset(checkedSlab(handle));
        final long expected = state(handleGeneration(handle), from);
        if (!store.compareAndSwapLong(at + STATE_OFFSET, expected, state(handleGeneration(handle), to))) {
            throw new PageVectorStateException(operation + " of PageVector " + describe(handle) + ": expected phase "
                + phaseName(from) + " but the slab is " + describeState(store.readVolatileLong(at + STATE_OFFSET))
                + (phase(store.readVolatileLong(at + STATE_OFFSET)) == FREE
                    || generation(store.readVolatileLong(at + STATE_OFFSET)) != handleGeneration(handle)
                    ? " (the vector was already consumed and released: its references belong to someone else)" : ""));
        }
    }

    /** Returns the slab to the pool (from {@code from} phase), bumping its generation. */
    void free(final long handle, final int from) {
        final int slab = checkedSlab(handle);
        final long at = slabOffset(slab);
        final int gen = handleGeneration(handle);
        final int next = gen + 1 == 0 ? 1 : gen + 1;
        if (!store.compareAndSwapLong(at + STATE_OFFSET, state(gen, from), state(next, FREE))) {
            throw new PageVectorStateException("release of PageVector " + describe(handle) + ": slab is "
                + describeState(store.readVolatileLong(at + STATE_OFFSET)));
        }
        freeList.push(slab);
    }

    long entryOffset(final long handle, final int index) {
        return slabOffset((int) handle) + SLAB_HEADER + (long) index * ENTRY_LENGTH;
    }

    long countOffset(final long handle) {
        return slabOffset((int) handle) + COUNT_OFFSET;
    }

    private int checkedSlab(final long handle) {
        final int slab = (int) handle;
        if (slab < 0 || slab >= slabs || handleGeneration(handle) == 0) {
            throw new PageVectorStateException("not a PageVector handle: 0x" + Long.toHexString(handle));
        }
        return slab;
    }

    private long slabOffset(final int slab) {
        return slab * slabLength;
    }

    static String describe(final long handle) {
        return "vec#" + (int) handle + ".g" + handleGeneration(handle);
    }

    private static String describeState(final long state) {
        return phaseName(phase(state)) + " in generation " + generation(state);
    }

    private static String phaseName(final int phase) {
        switch (phase) {
            case FREE: return "FREE";
            case OPEN: return "OPEN";
            case SENT: return "SENT";
            case RECEIVED: return "RECEIVED";
            default: return "?" + phase;
        }
    }

    private static long handle(final int generation, final int slab) {
        return ((long) generation << 32) | (slab & 0xFFFF_FFFFL);
    }

    private static int handleGeneration(final long handle) {
        return (int) (handle >>> 32);
    }

    private static long state(final int generation, final int phase) {
        return ((long) generation << 32) | (phase & 0xFFFF_FFFFL);
    }

    private static int generation(final long state) {
        return (int) (state >>> 32);
    }

    private static int phase(final long state) {
        return (int) state;
    }
}
