package org.splicelab.actors.iter;

import java.util.Arrays;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageFlags;
import org.splicelab.memory.PageRef;
import org.splicelab.memory.Violation;
import org.splicelab.protocols.OpsKind;
import org.splicelab.protocols.PipeBufFlag;

/**
 * The private pipe a {@link PipeIterator} is backed by: a ring of {@code pipe_buffer}s ({@code bufs},
 * free-running {@code head}/{@code tail}, {@code max_usage} = ring size) plus the pipe's own
 * {@code pipe_write}/{@code pipe_read}, used between splices. Each occupied slot owns one page
 * reference. Slots keep their {@code flags} word after release, as the kernel's array does, so a
 * producer that does not write it (5.8–5.16.10) sees the previous buffer's flags.
 *
 * <p>Every write into page data goes through {@link #write}, {@link #zero} or {@link #copy}: a write
 * into a page marked {@link PageFlags#IN_PAGE_CACHE} is counted ({@link #pageCacheWrites}) and
 * reported as {@link Violation#PAGE_CACHE_WRITTEN_THROUGH_PIPE}. Confined to one thread.
 */
final class PipeSlots {
    static final int PAGE = PageArena.PAGE_SIZE;
    private static final byte EMPTY = -1;

    private final PageArena arena;
    private final int ringSize;
    private final long[] page;
    private final int[] offset;
    private final int[] len;
    private final int[] flags;
    private final byte[] ops;
    private int head;
    private int tail;
    private long pageCacheWrites;

    PipeSlots(final PageArena arena, final int slots) {
        if (slots <= 0 || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots=" + slots + " (expected a power of two)");
        }
        this.arena = arena;
        this.ringSize = slots;
        this.page = new long[slots];
        this.offset = new int[slots];
        this.len = new int[slots];
        this.flags = new int[slots];
        this.ops = new byte[slots];
        Arrays.fill(ops, EMPTY);
    }

    PageArena arena() {
        return arena;
    }

    int slots() {
        return ringSize;
    }

    int head() {
        return head;
    }

    int tail() {
        return tail;
    }

    int occupancy() {
        return head - tail;
    }

    /** {@code pipe_full(h, tail, max_usage)}: true when a buffer at ring index {@code h} would not fit. */
    boolean fullAt(final int h) {
        return h - tail >= ringSize;
    }

    boolean isFull() {
        return fullAt(head);
    }

    long page(final int i) {
        return page[slot(i)];
    }

    int offset(final int i) {
        return offset[slot(i)];
    }

    int len(final int i) {
        return len[slot(i)];
    }

    int flags(final int i) {
        return flags[slot(i)];
    }

    OpsKind ops(final int i) {
        final byte k = ops[slot(i)];
        return k == EMPTY ? null : OpsKind.ofOrdinal(k);
    }

    int end(final int i) {
        return offset(i) + len(i);
    }

    void setLen(final int i, final int n) {
        checkWindow(offset(i), n);
        len[slot(i)] = n;
    }

    /** Replaces the page of buffer {@code i} (the ring's reference moves to {@code ref}). */
    void replace(final int i, final long ref, final OpsKind kind) {
        page[slot(i)] = ref;
        ops[slot(i)] = (byte) kind.ordinal();
    }

    /**
     * Adds a buffer at {@code head}; the ring now owns {@code ref}. With {@code writeFlags} false the
     * slot keeps whatever flags its previous buffer left (copy_page_to_iter_pipe/push_pipe before
     * 9d2231c5d74e).
     */
    void push(final long ref, final int off, final int length, final OpsKind kind, final int bufFlags,
              final boolean writeFlags) {
        if (isFull()) {
            throw new IllegalStateException("push into a full pipe: occupancy=" + occupancy());
        }
        checkWindow(off, length);
        final int s = slot(head);
        page[s] = ref;
        offset[s] = off;
        len[s] = length;
        if (writeFlags) {
            flags[s] = bufFlags;
        }
        ops[s] = (byte) kind.ordinal();
        head++;
    }

    /** {@code pipe_buf_release} of the newest buffer (truncation from the head side). */
    void releaseHead() {
        head--;
        release(slot(head));
    }

    /** {@code pipe_buf_release} of the oldest buffer (consumption). */
    void releaseTail() {
        release(slot(tail));
        tail++;
    }

    /**
     * Moves every buffer, oldest first, into {@code out} with its reference (no refcount change) and
     * empties the ring; stops when {@code out} is full. Returns the bytes moved.
     */
    int drainInto(final org.splicelab.protocols.PageVector out) {
        int bytes = 0;
        while (head != tail && out.remaining() > 0) {
            final int s = slot(tail);
            out.add(page[s], offset[s], len[s], flags[s], OpsKind.ofOrdinal(ops[s]));
            bytes += len[s];
            ops[s] = EMPTY;
            tail++;
        }
        return bytes;
    }

    /** Releases every buffer (the pipe is freed). */
    void releaseAll() {
        while (head != tail) {
            releaseTail();
        }
    }

    private void release(final int s) {
        if (ops[s] == EMPTY) {
            throw new IllegalStateException("release of an empty slot " + s);
        }
        ops[s] = EMPTY;
        arena.put(page[s]);
    }

    // ------------------------------------------------------------------ page data, instrumented

    /** {@code alloc_page(GFP_USER)}: not zeroed; {@link PageRef#NULL} when the arena is exhausted. */
    long alloc() {
        return arena.alloc();
    }

    /** {@code memcpy_to_page}. */
    void write(final long ref, final int off, final byte[] src, final int srcOff, final int n,
               final String operation) {
        checkTarget(ref, off, n, operation);
        arena.write(ref, off, src, srcOff, n);
    }

    /** {@code memzero_page}. */
    void zero(final long ref, final int off, final int n, final String operation) {
        checkTarget(ref, off, n, operation);
        arena.fill(ref, off, n, (byte) 0);
    }

    /** Copies {@code n} bytes between two pages. */
    void copy(final long src, final int srcOff, final long dst, final int dstOff, final int n,
              final String operation) {
        checkTarget(dst, dstOff, n, operation);
        arena.copy(src, srcOff, dst, dstOff, n);
    }

    /** Writes into {@code IN_PAGE_CACHE} pages done by this pipe or its iterator. */
    long pageCacheWrites() {
        return pageCacheWrites;
    }

    private void checkTarget(final long ref, final int off, final int n, final String operation) {
        if (n > 0 && arena.hasFlags(ref, PageFlags.IN_PAGE_CACHE)) {
            pageCacheWrites++;
            arena.audit().report(Violation.PAGE_CACHE_WRITTEN_THROUGH_PIPE, ref, operation,
                "file=" + arena.owner(ref) + " index=" + arena.index(ref) + " window=" + off + "+" + n);
        }
    }

    // ------------------------------------------------------------------ the pipe's own syscalls

    /**
     * {@code pipe_write} without waiting (SEMANTICS §2.10): the merge step into the newest buffer when
     * its flags say CAN_MERGE, then one fresh anonymous CAN_MERGE page per free slot.
     *
     * @return the bytes written (0 when the pipe is full or the arena exhausted)
     */
    int pipeWrite(final byte[] src, final int off, final int length) {
        int written = mergeIntoNewest(src, off, length);
        while (written < length && !isFull()) {
            final long ref = alloc();
            if (ref == PageRef.NULL) {
                break;
            }
            final int n = Math.min(PAGE, length - written);
            write(ref, 0, src, off + written, n, "pipe_write");
            arena.setFlags(ref, PageFlags.ANON);
            push(ref, 0, n, OpsKind.ANON, PipeBufFlag.CAN_MERGE.bit(), true);
            written += n;
        }
        return written;
    }

    private int mergeIntoNewest(final byte[] src, final int off, final int length) {
        final int chars = length & (PAGE - 1);
        if (chars == 0 || head == tail) {
            return 0;
        }
        final int newest = head - 1;
        if (!PipeBufFlag.CAN_MERGE.in(flags(newest)) || end(newest) + chars > PAGE) {
            return 0;
        }
        write(page(newest), end(newest), src, off, chars, "pipe_write merge");
        len[slot(newest)] += chars;
        return chars;
    }

    /** {@code pipe_read} without waiting: copies up to {@code max} bytes from the tail, releasing emptied buffers. */
    byte[] pipeRead(final int max) {
        final byte[] out = new byte[Math.min(max, bytes())];
        int got = 0;
        while (got < out.length) {
            final int s = slot(tail);
            final int n = Math.min(out.length - got, len[s]);
            arena.read(page[s], offset[s], out, got, n);
            offset[s] += n;
            len[s] -= n;
            got += n;
            if (len[s] == 0) {
                releaseTail();
            }
        }
        return out;
    }

    /** FIONREAD: the bytes queued. */
    int bytes() {
        return bytesBetween(tail, head);
    }

    /** The summed lengths of buffers {@code [from, to)}. */
    int bytesBetween(final int from, final int to) {
        int sum = 0;
        for (int i = from; i != to; i++) {
            sum += len(i);
        }
        return sum;
    }

    /** What a reader would see: every queued byte, oldest first (nothing is consumed). */
    byte[] contents() {
        final byte[] out = new byte[bytes()];
        int at = 0;
        for (int i = tail; i != head; i++) {
            arena.read(page(i), offset(i), out, at, len(i));
            at += len(i);
        }
        return out;
    }

    /** A readable dump of the occupied slots. */
    String describe() {
        final StringBuilder sb = new StringBuilder("[");
        for (int i = tail; i != head; i++) {
            sb.append(i == tail ? "" : ", ").append(ops(i)).append(' ').append(PageRef.toString(page(i)))
                .append(' ').append(offset(i)).append('+').append(len(i)).append(' ')
                .append(PipeBufFlag.toString(flags(i)));
        }
        return sb.append(']').toString();
    }

    private int slot(final int i) {
        return i & (ringSize - 1);
    }

    private static void checkWindow(final int off, final int length) {
        if (off < 0 || length < 0 || off + length > PAGE) {
            throw new IllegalStateException("buffer window " + off + "+" + length + " exceeds the page");
        }
    }
}
