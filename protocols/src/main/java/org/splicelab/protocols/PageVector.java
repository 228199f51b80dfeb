package org.splicelab.protocols;

import net.openhft.chronicle.bytes.BytesStore;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageRef;

/**
 * A flyweight over one pooled off-heap slab holding what a {@code pipe_buffer} array carries: for
 * each buffer {PageRef, offset, len, pipe-buffer flags, ops kind}. The Akka message that moves it
 * carries only the {@code long} handle and the count, so a 64 KiB splice is one message of 16 entries
 * and no heap object per page.
 *
 * <h2>The ownership rule</h2>
 * <b>Each entry holds one page reference, and sending the vector transfers those references.</b>
 * The sender {@link #open}s a vector, {@link #add}s entries whose references it owns, and {@link #send}s:
 * from then on it must not touch those references. The receiver {@link #receive}s the handle (exactly
 * once: a second receive, or any use after {@link #release}, throws {@link PageVectorStateException})
 * and becomes the owner of every reference in it: it must hand each one on (into a pipe slot, a socket
 * fragment, another vector) or {@code put} it, then {@link #release} the slab. {@link #discard} puts
 * every reference and releases, for a receiver that cannot use them (a stopped actor). Entries whose ops
 * kind is {@link OpsKind#ZERO} hold no reference (the shared zero page).
 *
 * <h2>Entry layout (24 bytes)</h2>
 * <pre>
 *  0              8          12         16         20      21                 24
 *  | PageRef long | offset   | len      | flags    | ops   | private (24 bits) |
 * </pre>
 * {@code private} is {@code pipe_buffer.private}: what the buffer's release accounts (a relay buffer's
 * consumed bytes, padding included); 0 for every other kind.
 *
 * <p>Confined to one thread at a time (typically one actor keeps one flyweight and re-wraps it per message).
 */
public final class PageVector {
    private static final int REF = 0;
    private static final int OFFSET = 8;
    private static final int LEN = 12;
    private static final int FLAGS = 16;
    private static final int OPS = 20;

    private final PageVectorPool pool;
    private final BytesStore<?, Void> store;
    private long handle;
    private int count;
    private boolean writing;

    PageVector(final PageVectorPool pool) {
        this.pool = pool;
        this.store = pool.store();
    }

    /** Starts a new empty vector in a slab taken from the pool. */
    public PageVector open() {
        checkUnwrapped("open");
        handle = pool.acquire();
        count = 0;
        writing = true;
        return this;
    }

    /** The largest {@code private} an entry holds (24 bits). */
    public static final int MAX_PRIVATE = (1 << 24) - 1;

    /** Appends one buffer; the vector now owns the reference {@code ref} (none for {@link OpsKind#ZERO}). */
    public PageVector add(final long ref, final int offset, final int len, final int flags, final OpsKind ops) {
        return add(ref, offset, len, flags, ops, 0);
    }

    /** {@link #add(long, int, int, int, OpsKind)} with the buffer's {@code private} word (0..{@link #MAX_PRIVATE}). */
    public PageVector add(final long ref, final int offset, final int len, final int flags, final OpsKind ops,
                          final int priv) {
        if (priv < 0 || priv > MAX_PRIVATE) {
            throw new IllegalArgumentException("private " + priv + " outside 0.." + MAX_PRIVATE);
        }
        if (!writing) {
            throw new PageVectorStateException("add to a PageVector that is not open");
        }
        if (count == pool.entriesPerVector()) {
            throw new IndexOutOfBoundsException("PageVector full: " + count + " entries");
        }
        final long at = pool.entryOffset(handle, count);
        store.writeLong(at + REF, ref);
        store.writeInt(at + OFFSET, offset);
        store.writeInt(at + LEN, len);
        store.writeInt(at + FLAGS, flags);
        store.writeInt(at + OPS, ops.ordinal() | priv << 8);
        count++;
        return this;
    }

    /** True when no more entries fit. */
    public boolean isFull() {
        return count == pool.entriesPerVector();
    }

    /** Room left for entries. */
    public int remaining() {
        return pool.entriesPerVector() - count;
    }

    /**
     * Seals the vector for sending and unwraps this flyweight; the references now travel with the
     * returned handle. Put the handle and {@link #count()} (read it first) in the message.
     */
    public long send() {
        if (!writing) {
            throw new PageVectorStateException("send of a PageVector that is not open");
        }
        store.writeInt(pool.countOffset(handle), count);
        pool.transition(handle, PageVectorPool.OPEN, PageVectorPool.SENT, "send");
        final long sent = handle;
        unwrap();
        return sent;
    }

    /** Takes ownership of a sent vector's references. Throws if it was already received or released. */
    public PageVector receive(final long sentHandle) {
        checkUnwrapped("receive");
        pool.transition(sentHandle, PageVectorPool.SENT, PageVectorPool.RECEIVED, "receive");
        handle = sentHandle;
        count = store.readInt(pool.countOffset(sentHandle));
        writing = false;
        return this;
    }

    /** Entries in the vector. */
    public int count() {
        return count;
    }

    public long ref(final int i) {
        return store.readLong(entry(i) + REF);
    }

    public int offset(final int i) {
        return store.readInt(entry(i) + OFFSET);
    }

    public int len(final int i) {
        return store.readInt(entry(i) + LEN);
    }

    public int flags(final int i) {
        return store.readInt(entry(i) + FLAGS);
    }

    public OpsKind ops(final int i) {
        return OpsKind.ofOrdinal(store.readInt(entry(i) + OPS) & 0xFF);
    }

    /** The entry's {@code private} word (see the layout). */
    public int priv(final int i) {
        return store.readInt(entry(i) + OPS) >>> 8;
    }

    /** Sum of the entries' lengths. */
    public long bytes() {
        long sum = 0;
        for (int i = 0; i < count; i++) {
            sum += len(i);
        }
        return sum;
    }

    /**
     * Returns the slab to the pool. The caller must already have handed on or put every reference it
     * received (this does not touch them).
     */
    public void release() {
        if (handle == 0) {
            throw new PageVectorStateException("release of a PageVector flyweight that wraps nothing");
        }
        pool.free(handle, writing ? PageVectorPool.OPEN : PageVectorPool.RECEIVED);
        unwrap();
    }

    /** Puts the references of entries {@code [from, count)} and releases the slab. */
    public void discard(final PageArena arena, final int from) {
        for (int i = from; i < count; i++) {
            if (ops(i) != OpsKind.ZERO) {
                arena.put(ref(i));
            }
        }
        release();
    }

    /** Puts every reference and releases the slab. */
    public void discard(final PageArena arena) {
        discard(arena, 0);
    }

    /** True when this flyweight wraps a slab. */
    public boolean isWrapped() {
        return handle != 0;
    }

    /** The wrapped handle (0 when unwrapped). */
    public long handle() {
        return handle;
    }

    @Override
    public String toString() {
        if (handle == 0) {
            return "PageVector(unwrapped)";
        }
        final StringBuilder sb = new StringBuilder(PageVectorPool.describe(handle)).append('[');
        for (int i = 0; i < count; i++) {
            sb.append(i == 0 ? "" : ", ").append(PageRef.toString(ref(i))).append(' ').append(offset(i))
                .append('+').append(len(i)).append(' ').append(ops(i)).append(' ')
                .append(PipeBufFlag.toString(flags(i)));
        }
        return sb.append(']').toString();
    }

    private long entry(final int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("entry " + i + " of " + count);
        }
        return pool.entryOffset(handle, i);
    }

    private void checkUnwrapped(final String operation) {
        if (handle != 0) {
            throw new PageVectorStateException(operation + " on a PageVector flyweight still wrapping "
                + PageVectorPool.describe(handle) + " (send or release it first)");
        }
    }

    private void unwrap() {
        handle = 0;
        count = 0;
        writing = false;
    }
}
