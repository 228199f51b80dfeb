package org.splicelab.memory;

import net.openhft.chronicle.bytes.BytesStore;

/**
 * A lock-free LIFO free list of the indices {@code [0, capacity)} (a Treiber stack). The next-links
 * live in a native store; the head is one 64-bit word {@code tag << 32 | index} whose tag changes on
 * every pop, so a pop that raced with a pop+push of the same index fails its CAS (no ABA).
 *
 * <p>Any thread. {@link #pop} and {@link #push} allocate nothing. Pushing an index that is already
 * free corrupts the list: callers own that rule (the arena's refcount protocol guarantees it).
 * Initially every index is free and {@link #pop} hands them out in ascending order.
 */
public final class IndexFreeList implements AutoCloseable {
    /** Returned by {@link #pop} when the list is empty; also the end-of-list link. */
    public static final int EMPTY = -1;

    private static final long HEAD_OFFSET = 64;       // head alone on its own cache line
    private static final long LINKS_OFFSET = 192;

    private final int capacity;
    private final BytesStore<?, Void> store;
    private boolean closed;

    public IndexFreeList(final int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity=" + capacity + " (expected > 0)");
        }
        this.capacity = capacity;
        this.store = BytesStore.nativeStoreWithFixedCapacity(LINKS_OFFSET + 4L * capacity);
        for (int i = 0; i < capacity; i++) {
            store.writeInt(linkOffset(i), i + 1 < capacity ? i + 1 : EMPTY);
        }
        store.writeVolatileLong(HEAD_OFFSET, head(0, 0));
    }

    public int capacity() {
        return capacity;
    }

    /** Takes a free index, or returns {@link #EMPTY}. */
    public int pop() {
        while (true) {
            final long head = store.readVolatileLong(HEAD_OFFSET);
            final int index = (int) head;
            if (index == EMPTY) {
                return EMPTY;
            }
            final int next = store.readVolatileInt(linkOffset(index));
            if (store.compareAndSwapLong(HEAD_OFFSET, head, head(tag(head) + 1, next))) {
                return index;
            }
        }
    }

    /** Returns {@code index} to the list. */
    public void push(final int index) {
        if (index < 0 || index >= capacity) {
            throw new IndexOutOfBoundsException("index=" + index + " capacity=" + capacity);
        }
        while (true) {
            final long head = store.readVolatileLong(HEAD_OFFSET);
            store.writeVolatileInt(linkOffset(index), (int) head);
            if (store.compareAndSwapLong(HEAD_OFFSET, head, head(tag(head), index))) {
                return;
            }
        }
    }

    /** Counts the free indices by walking the list. Only meaningful when no thread is popping or pushing. */
    public int countFreeQuiescent() {
        int n = 0;
        for (int i = (int) store.readVolatileLong(HEAD_OFFSET); i != EMPTY && n <= capacity;
             i = store.readInt(linkOffset(i))) {
            n++;
        }
        return n;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            store.releaseLast();
        }
    }

    private static long linkOffset(final int index) {
        return LINKS_OFFSET + 4L * index;
    }

    private static int tag(final long head) {
        return (int) (head >>> 32);
    }

    private static long head(final int tag, final int index) {
        return ((long) tag << 32) | (index & 0xFFFF_FFFFL);
    }
}
