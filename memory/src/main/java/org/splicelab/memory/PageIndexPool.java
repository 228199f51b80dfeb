package org.splicelab.memory;

import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.core.UnsafeMemory;

/**
 * The nodes every {@link PageIndex} is built from (the slab of {@code struct xa_node}): {@value #SLOTS}
 * slots of 8 bytes per node, in one native Chronicle store that the OS commits on first touch.
 * Node 0 is never handed out, so 0 in a slot means "no node".
 *
 * <p>Any thread may read and CAS slots; nodes are allocated by an index's owner and freed only when
 * the whole index is destroyed (no reader can be inside it then), so a reader never walks into a
 * node's next life. {@link #allocNode} zeroes the node before it is published.
 */
public final class PageIndexPool implements AutoCloseable {
    /** Slots per node (xarray's XA_CHUNK_SIZE). */
    public static final int SLOTS = 64;
    /** log2 of {@link #SLOTS}. */
    public static final int SHIFT = 6;
    static final int NODE_BYTES = SLOTS * 8;

    private final int capacity;
    private final BytesStore<?, Void> store;
    private final long base;
    /** The native address of node 0 (the store is fixed and lives until {@link #close}). */
    private final long address;
    private static final UnsafeMemory MEMORY = UnsafeMemory.MEMORY;
    private final IndexFreeList free;
    private boolean closed;

    /** A pool sized for an arena of {@code frames} pages (each page at most one leaf, plus interior nodes). */
    public static PageIndexPool forFrames(final int frames) {
        return new PageIndexPool((int) Math.min(Integer.MAX_VALUE - 1L, frames + (frames >> 4) + 4096L));
    }

    public PageIndexPool(final int nodes) {
        if (nodes <= 1) {
            throw new IllegalArgumentException("nodes=" + nodes + " (expected > 1)");
        }
        this.capacity = nodes;
        this.store = BytesStore.lazyNativeBytesStoreWithFixedCapacity((long) nodes * NODE_BYTES + 64);
        final long address = store.addressForRead(0);
        this.base = (64 - (address & 63)) & 63;
        this.address = address + base;
        this.free = new IndexFreeList(nodes);
        if (free.pop() != 0) {
            throw new IllegalStateException("node 0 must be the first free node");
        }
    }

    public int capacity() {
        return capacity;
    }

    /** A zeroed node, or 0 when the pool is exhausted. */
    int allocNode() {
        final int node = free.pop();
        if (node == IndexFreeList.EMPTY) {
            return 0;
        }
        final long at = offset(node, 0);
        store.zeroOut(at, at + NODE_BYTES);
        // the zeroed node is published by the ordered store of its id into a parent slot or root word
        return node;
    }

    void freeNode(final int node) {
        free.push(node);
    }

    /** Acquire-load of a slot. */
    long load(final int node, final int slot) {
        return MEMORY.readVolatileLong(address + offset(node, slot) - base);
    }

    /** The address of a slot, for {@link #loadAt} (valid while the pool is open). */
    long slotAddress(final int node, final int slot) {
        return address + offset(node, slot) - base;
    }

    /** Acquire-load at an address from {@link #slotAddress}. */
    static long loadAt(final long slotAddress) {
        return MEMORY.readVolatileLong(slotAddress);
    }

    /** Release-store of a slot. */
    void storeOrdered(final int node, final int slot, final long value) {
        MEMORY.writeOrderedLong(address + offset(node, slot) - base, value);
    }

    boolean compareAndSet(final int node, final int slot, final long expect, final long update) {
        return MEMORY.compareAndSwapLong(address + offset(node, slot) - base, expect, update);
    }

    /** Atomic add on a slot used as a counter; returns the new value. */
    long addAndGet(final int node, final int slot, final long delta) {
        return MEMORY.addLong(address + offset(node, slot) - base, delta);
    }

    /** Nodes in use now (a walk of the free list: only when no thread allocates or frees). */
    public int nodesInUseQuiescent() {
        return capacity - 1 - free.countFreeQuiescent();
    }

    private long offset(final int node, final int slot) {
        if (node <= 0 || node >= capacity || slot < 0 || slot >= SLOTS) {
            throw new IndexOutOfBoundsException("node=" + node + " slot=" + slot + " capacity=" + capacity);
        }
        return base + (long) node * NODE_BYTES + ((long) slot << 3);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            free.close();
            store.releaseLast();
        }
    }
}
