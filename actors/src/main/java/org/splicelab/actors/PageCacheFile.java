package org.splicelab.actors;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageFlags;
import org.splicelab.memory.PageRef;
import org.splicelab.protocols.KernelModel;
import org.splicelab.protocols.OpsKind;
import org.splicelab.protocols.PageVector;
import org.splicelab.protocols.PipeBufFlag;
import org.splicelab.protocols.PipeIo;
import org.splicelab.protocols.SpliceFlag;

/**
 * One file's page cache and its backing store ({@code struct address_space} plus the disk):
 * {@code filemap_read}, {@code generic_perform_write}, {@code filemap_splice_read} and
 * {@code copy_splice_read}, {@code iter_file_splice_write}, {@code truncate_pagecache},
 * {@code filemap_write_and_wait_range} and {@code invalidate_mapping_pages}. The cache holds exactly one
 * reference per cached page; pipes and sockets hold their own.
 *
 * <p>Confined to its {@link PageCacheActor}; the pages' refcounts and data are shared with other actors.
 * A page's bytes past end-of-file are always zero (filled on load, zeroed by truncate).
 */
public final class PageCacheFile {
    /** The largest file ({@code s_maxbytes}): writes stop there (EFBIG when nothing fits). */
    public static final long MAX_FILE_SIZE = 1L << 40;

    private static final int PAGE = PageArena.PAGE_SIZE;
    private static final int PAGE_SHIFT = 12;

    private final Kernel kernel;
    private final PageArena arena;
    private final KernelStats stats;
    private final long fileId;
    private final BackingStore disk = new BackingStore();
    private final PageTable pages = new PageTable();
    /** Indices whose page a steal took out of the cache (a miss there is a refill caused by a steal). */
    private final java.util.BitSet stolen = new java.util.BitSet();
    private final Map<Integer, long[]> positions = new HashMap<>();
    private long size;
    private long refills;
    private int cachedPages;

    /** A file whose disk holds {@code initialData}, every page of it cached and up to date. */
    public PageCacheFile(final Kernel kernel, final long fileId, final byte[] initialData) {
        this.kernel = kernel;
        this.arena = kernel.arena();
        this.stats = kernel.stats();
        this.fileId = fileId;
        disk.write(0, initialData, 0, initialData.length);
        size = initialData.length;
        for (long index = 0; index << PAGE_SHIFT < size; index++) {
            load(index);
        }
    }

    public long fileId() {
        return fileId;
    }

    /** {@code i_size}. */
    public long size() {
        return size;
    }

    /** Pages in the cache now. */
    public int cachedPages() {
        return cachedPages;
    }

    /** Pages read back from disk because they were not cached (after fadvise, truncate, or a steal). */
    public long refills() {
        return refills;
    }

    /** The cached page at {@code index} without taking a reference, or {@link PageRef#NULL}. */
    public long cachedPage(final long index) {
        return pages.get(index);
    }

    // ------------------------------------------------------------------ descriptions

    /** Registers the open file description {@code descId} at position 0. */
    public void openDescription(final int descId) {
        positions.put(descId, new long[1]);
    }

    /** {@code f_pos} of a description (an unknown id is opened at 0). */
    public long position(final int descId) {
        return positionOf(descId)[0];
    }

    /** Moves {@code f_pos} by {@code delta}; returns the new position. */
    public long advance(final int descId, final long delta) {
        final long[] p = positionOf(descId);
        p[0] += delta;
        return p[0];
    }

    // ------------------------------------------------------------------ read and write

    /** {@code filemap_read}: copies {@code [pos, pos + len)} clipped at EOF, refilling uncached pages. */
    public byte[] read(final long pos, final int len) {
        final byte[] out = new byte[(int) available(pos, len)];
        for (int done = 0; done < out.length; ) {
            final long at = pos + done;
            final int off = (int) (at & (PAGE - 1));
            final int n = Math.min(PAGE - off, out.length - done);
            arena.read(page(at >>> PAGE_SHIFT), off, out, done, n);
            done += n;
        }
        return out;
    }

    /** O_DIRECT read: writes dirty pages in range back, then reads the disk. */
    public byte[] readDirect(final long pos, final int len) {
        final byte[] out = new byte[(int) available(pos, len)];
        writeBack(pos, pos + out.length);
        disk.read(pos, out, 0, out.length);
        return out;
    }

    /**
     * {@code generic_perform_write}: copies {@code data} into cached pages at {@code pos} (at the end with
     * {@code append}), dirtying them; stops at {@link #MAX_FILE_SIZE}. A pipe holding one of those pages
     * sees the new bytes. Returns the bytes written.
     */
    public long write(final long pos, final byte[] data, final boolean append) {
        final long start = append ? size : pos;
        final int len = (int) Math.min(data.length, Math.max(0, MAX_FILE_SIZE - start));
        for (int done = 0; done < len; ) {
            final long at = start + done;
            final int off = (int) (at & (PAGE - 1));
            final int n = Math.min(PAGE - off, len - done);
            final long ref = page(at >>> PAGE_SHIFT);
            arena.write(ref, off, data, done, n);
            arena.setFlags(ref, PageFlags.DIRTY);
            arena.markModified(ref);
            done += n;
        }
        if (len > 0) {
            size = Math.max(size, start + len);
        }
        stats.bytesCopied.add(len);
        return len;
    }

    // ------------------------------------------------------------------ splice

    /** {@link #spliceRead(long, long, int, boolean, int, PageVector)} with no splice flags. */
    public long spliceRead(final long pos, final long maxLen, final int maxBufs, final boolean direct,
                           final PageVector out) {
        return spliceRead(pos, maxLen, maxBufs, direct, 0, out);
    }

    /**
     * splice_read into a pipe: at most {@code maxBufs} entries and {@code maxLen} bytes from {@code pos},
     * stopping at EOF. What each page piece becomes is the kernel model's decision ({@link #piece}):
     * {@code filemap_splice_read} adds one extra reference per piece ({@link OpsKind#PAGE_CACHE}); with
     * {@code direct}, {@code copy_splice_read} writes back the range and adds fresh pages filled from disk
     * ({@link OpsKind#DEFAULT}); {@code private-pages} steals or copies. Returns the bytes added to {@code out}.
     */
    public long spliceRead(final long pos, final long maxLen, final int maxBufs, final boolean direct,
                           final int spliceFlags, final PageVector out) {
        final long end = pos + available(pos, maxLen);
        if (direct) {
            writeBack(pos, end);
        }
        final KernelModel model = kernel.model();
        if (!direct && (model == KernelModel.ITER_PIPE || model == KernelModel.ITER_PIPE_SEEKABLE)) {
            return spliceReadThroughIterator(pos, end, Math.min(maxBufs, out.remaining()), model, out);
        }
        long at = pos;
        for (int bufs = Math.min(maxBufs, out.remaining()); at < end && bufs > 0; bufs--) {
            final int n = piece(at, end, direct, spliceFlags, out);
            if (n == 0) {
                break;
            }
            at += n;
        }
        return at - pos;
    }

    /**
     * iter-pipe and iter-pipe-seekable: {@code generic_file_splice_read} of 4.9–6.4 wraps the pipe in an
     * ITER_PIPE iterator and calls read_iter, whose {@code copy_page_to_iter} appends references to the
     * cached pages; the wrapper then truncates past the position. Here the iterator's private pipe
     * stands for the real one and hands its buffers over at the end.
     */
    private long spliceReadThroughIterator(final long pos, final long end, final int slots, final KernelModel model,
                                           final PageVector out) {
        if (slots <= 0 || pos >= end) {
            return 0;
        }
        final int ring = slots == 1 ? 1 : Integer.highestOneBit(slots - 1) << 1;
        try (org.splicelab.actors.iter.PipeIterator it = model == KernelModel.ITER_PIPE
            ? new org.splicelab.actors.iter.IterPipe(arena, ring)
            : new org.splicelab.actors.iter.SeekableIterPipe(arena, ring)) {
            long at = pos;
            for (int pieces = 0; at < end && pieces < slots; pieces++) {
                final int off = (int) (at & (PAGE - 1));
                final int n = (int) Math.min(PAGE - off, end - at);
                if (it.pageTo(page(at >>> PAGE_SHIFT), off, n) < n) {
                    break;
                }
                at += n;
            }
            it.truncate();
            return it.handOver(out);
        }
    }

    /** The kernel model's decision for one page piece. */
    private int piece(final long at, final long end, final boolean direct, final int spliceFlags, final PageVector out) {
        if (direct) {
            return copyPiece(at, end, out);
        }
        final KernelModel model = kernel.model();
        if (model == KernelModel.PRIVATE_PAGES && (spliceFlags & PipeIo.TO_SOCKET) == 0) {
            return stealOrCopyPiece(at, end, spliceFlags, out);
        }
        return sharePiece(at, end, out);
    }

    /**
     * private-pages (Howells 2023): lock the page, and when only the cache and this caller hold it and
     * it is clean, steal it with {@code freeze} (the file loses that cached page; a later read refills
     * it); else copy it. Only whole pages are stolen; with {@code stealOnlyWithMove}, only under
     * SPLICE_F_MOVE.
     */
    private int stealOrCopyPiece(final long at, final long end, final int spliceFlags, final PageVector out) {
        final int off = (int) (at & (PAGE - 1));
        final int n = (int) Math.min(PAGE - off, end - at);
        final long index = at >>> PAGE_SHIFT;
        final long ref = page(index);
        final boolean wanted = off == 0 && n == PAGE
            && (!kernel.options().stealOnlyWithMove() || SpliceFlag.MOVE.in(spliceFlags));
        if (wanted) {
            stats.stealsTried.increment();
            final KernelStats.StealFailure failure = steal(index, ref);
            if (failure == null) {
                out.add(ref, 0, PAGE, PipeBufFlag.LRU.bit(), OpsKind.DEFAULT);
                stats.stealsSucceeded.increment();
                return n;
            }
            stats.stealFailed(failure);
        }
        final long copy = arena.alloc();
        if (copy == PageRef.NULL) {
            return 0;
        }
        arena.copy(ref, off, copy, 0, n);
        out.add(copy, 0, n, 0, OpsKind.DEFAULT);
        return n;
    }

    /**
     * The page-cache try_steal of the private-pages design: lock, refuse dirty or under write-back,
     * then {@code remove_mapping}: freeze the count at exactly cache + caller, leave the caller with the
     * only reference. Returns null on success (the caller now owns {@code ref}), else why it failed.
     */
    private KernelStats.StealFailure steal(final long index, final long ref) {
        if (!arena.tryLock(ref)) {
            return KernelStats.StealFailure.LOCKED;
        }
        try {
            if (arena.hasFlags(ref, PageFlags.WRITEBACK)) {
                return KernelStats.StealFailure.WRITEBACK;
            }
            if (arena.hasFlags(ref, PageFlags.DIRTY)) {
                return KernelStats.StealFailure.DIRTY;
            }
            if (!arena.get(ref)) {
                return KernelStats.StealFailure.SHARED;
            }
            if (!arena.freeze(ref, 2)) {
                arena.put(ref);
                return KernelStats.StealFailure.SHARED;
            }
            arena.clearMapping(ref);
            arena.clearFlags(ref, PageFlags.LRU);
            pages.set(index, PageRef.NULL);
            cachedPages--;
            stolen.set((int) index);
            arena.unfreeze(ref, 1);
            arena.claimExclusive(ref);
            return null;
        } finally {
            arena.unlock(ref);
        }
    }

    /**
     * {@code iter_file_splice_write}: copies every entry's bytes into the file at {@code pos} (at the end
     * with {@code append}) as a write does, then puts every reference of {@code in} and releases it.
     * Returns the bytes accepted (less than the vector only at {@link #MAX_FILE_SIZE}).
     */
    public long writePages(final long pos, final boolean append, final PageVector in) {
        final long start = append ? size : pos;
        long at = start;
        for (int i = 0; i < in.count() && at < MAX_FILE_SIZE; i++) {
            final int len = (int) Math.min(in.len(i), MAX_FILE_SIZE - at);
            copyIn(at, in.ops(i) == OpsKind.ZERO ? PageRef.NULL : in.ref(i), in.offset(i), len);
            at += len;
        }
        in.discard(arena);
        if (at > start) {
            size = Math.max(size, at);
        }
        stats.bytesCopied.add(at - start);
        return at - start;
    }

    // ------------------------------------------------------------------ truncate, write-back, reclaim

    /**
     * {@code truncate_pagecache}: pages wholly past {@code newLen} leave the cache (a pipe holding one
     * keeps the old data); the page straddling {@code newLen} has its tail zeroed in place. The disk is
     * cut or zero-extended; growing the file makes the new bytes read as zeros.
     */
    public void truncate(final long newLen) {
        if (newLen < size) {
            for (long i = pages.nextCached((newLen + PAGE - 1) >>> PAGE_SHIFT); i >= 0; i = pages.nextCached(i + 1)) {
                arena.clearFlags(pages.get(i), PageFlags.DIRTY);
                evict(i);
            }
            final int off = (int) (newLen & (PAGE - 1));
            final long straddling = pages.get(newLen >>> PAGE_SHIFT);
            if (off != 0 && straddling != PageRef.NULL) {
                arena.fill(straddling, off, PAGE - off, (byte) 0);
                arena.markModified(straddling);
            }
        }
        disk.truncate(newLen);
        size = newLen;
    }

    /** {@code vfs_fsync}: writes every dirty cached page to disk and clears its dirty flag. */
    public void fsync() {
        writeBack(0, size);
    }

    /**
     * {@code invalidate_mapping_pages} ({@code POSIX_FADV_DONTNEED}): writes dirty pages back, then drops
     * each cached page that only the cache references; a page a pipe or socket holds stays cached.
     * The refcount is frozen at 1 while the mapping is cleared ({@code remove_mapping}), so no speculative
     * reference can appear meanwhile.
     */
    public void fadviseDontneed() {
        fsync();
        for (long i = pages.nextCached(0); i >= 0; i = pages.nextCached(i + 1)) {
            final long ref = pages.get(i);
            if (arena.freeze(ref, 1)) {
                arena.clearMapping(ref);
                arena.unfreeze(ref, 1);
                arena.put(ref);
                pages.set(i, PageRef.NULL);
                cachedPages--;
            }
        }
    }

    /** Drops the cache's reference to every cached page (the inode is evicted: the actor stopped). */
    public void releaseAll() {
        for (long i = pages.nextCached(0); i >= 0; i = pages.nextCached(i + 1)) {
            evict(i);
        }
    }

    // ------------------------------------------------------------------ internals

    /**
     * The kernel model's decision point for splice_read (one place, so other models can be consulted
     * here). linux: O_DIRECT (and DAX) use {@code copy_splice_read}, everything else {@code filemap_splice_read}.
     */
    /** One page-cache piece by reference; 0 when the page's refcount is at its limit. */
    private int sharePiece(final long at, final long end, final PageVector out) {
        final int off = (int) (at & (PAGE - 1));
        final int n = (int) Math.min(PAGE - off, end - at);
        final long ref = page(at >>> PAGE_SHIFT);
        if (!arena.get(ref)) {
            return 0;
        }
        out.add(ref, off, n, 0, OpsKind.PAGE_CACHE);
        return n;
    }

    /** One fresh page filled from disk at offset 0; 0 when the arena is exhausted (a short splice). */
    private int copyPiece(final long at, final long end, final PageVector out) {
        final int n = (int) Math.min(PAGE, end - at);
        final long ref = arena.alloc();
        if (ref == PageRef.NULL) {
            return 0;
        }
        disk.toPage(at, arena, ref, 0, n);
        out.add(ref, 0, n, 0, OpsKind.DEFAULT);
        return n;
    }

    /** Copies {@code len} bytes of page {@code src} (zeros when NULL) into the file at {@code pos}. */
    private void copyIn(final long pos, final long src, final int srcOffset, final int len) {
        for (int done = 0; done < len; ) {
            final long at = pos + done;
            final int off = (int) (at & (PAGE - 1));
            final int n = Math.min(PAGE - off, len - done);
            final long dst = page(at >>> PAGE_SHIFT);
            if (src == PageRef.NULL) {
                arena.fill(dst, off, n, (byte) 0);
            } else {
                arena.copy(src, srcOffset + done, dst, off, n);
            }
            arena.setFlags(dst, PageFlags.DIRTY);
            arena.markModified(dst);
            done += n;
        }
    }

    /** Writes the dirty cached pages overlapping {@code [from, to)} to disk. */
    private void writeBack(final long from, final long to) {
        for (long i = pages.nextCached(from >>> PAGE_SHIFT); i >= 0 && i << PAGE_SHIFT < to; i = pages.nextCached(i + 1)) {
            final long ref = pages.get(i);
            if (arena.hasFlags(ref, PageFlags.DIRTY)) {
                final long start = i << PAGE_SHIFT;
                disk.fromPage(start, arena, ref, (int) Math.min(PAGE, Math.max(0, size - start)));
                arena.clearFlags(ref, PageFlags.DIRTY);
            }
        }
    }

    /** The cached page at {@code index}, refilled from disk (or zeroed past the disk's end) if absent. */
    private long page(final long index) {
        final long ref = pages.get(index);
        if (ref != PageRef.NULL) {
            return ref;
        }
        if (index << PAGE_SHIFT < disk.length()) {
            refills++;
        }
        if (index < Integer.MAX_VALUE && stolen.get((int) index)) {
            stolen.clear((int) index);
            stats.refillsAfterSteal.increment();
        }
        return load(index);
    }

    /** Allocates, fills from disk (zero past its end), marks uptodate|lru and inserts page {@code index}. */
    private long load(final long index) {
        final long ref = arena.alloc();
        if (ref == PageRef.NULL) {
            throw new IllegalStateException("page arena exhausted: fileId=" + fileId + " index=" + index
                + " capacity=" + arena.capacity());
        }
        disk.toPage(index << PAGE_SHIFT, arena, ref, 0, PAGE);
        arena.setFlags(ref, PageFlags.UPTODATE | PageFlags.LRU);
        arena.setMapping(ref, fileId, index);
        pages.set(index, ref);
        cachedPages++;
        return ref;
    }

    /** Removes page {@code index} from the cache: clear the mapping, put the cache's reference. */
    private void evict(final long index) {
        final long ref = pages.get(index);
        arena.clearMapping(ref);
        arena.put(ref);
        pages.set(index, PageRef.NULL);
        cachedPages--;
    }

    /** Bytes from {@code pos} to at most {@code len} further, clipped at EOF (0 at or past it). */
    private long available(final long pos, final long len) {
        return pos >= size || len <= 0 ? 0 : Math.min(len, size - pos);
    }

    private long[] positionOf(final int descId) {
        return positions.computeIfAbsent(descId, id -> new long[1]);
    }

    /** Page index to PageRef in two levels of 512-entry chunks, so a sparse file costs little. */
    private static final class PageTable {
        private static final int SHIFT = 9;
        private static final int MASK = (1 << SHIFT) - 1;
        private long[][] chunks = new long[8][];

        long get(final long index) {
            final long c = index >>> SHIFT;
            return c < chunks.length && chunks[(int) c] != null ? chunks[(int) c][(int) (index & MASK)] : PageRef.NULL;
        }

        void set(final long index, final long ref) {
            final int c = (int) (index >>> SHIFT);
            if (c >= chunks.length) {
                chunks = Arrays.copyOf(chunks, Math.max(c + 1, chunks.length * 2));
            }
            if (chunks[c] == null) {
                chunks[c] = new long[1 << SHIFT];
            }
            chunks[c][(int) (index & MASK)] = ref;
        }

        /** The first cached index at or after {@code from}, or -1. */
        long nextCached(final long from) {
            for (long i = from; (i >>> SHIFT) < chunks.length; i++) {
                final long[] chunk = chunks[(int) (i >>> SHIFT)];
                if (chunk == null) {
                    i |= MASK;
                } else if (chunk[(int) (i & MASK)] != PageRef.NULL) {
                    return i;
                }
            }
            return -1;
        }
    }

    /**
     * The disk: the file's persistent bytes, on heap, in 64 KiB chunks allocated on first write (a
     * missing chunk reads as zeros). Bytes past {@link #length()} are always zero.
     */
    private static final class BackingStore {
        private static final int SHIFT = 16;
        private static final int CHUNK = 1 << SHIFT;
        private byte[][] chunks = new byte[4][];
        private long length;

        long length() {
            return length;
        }

        void write(final long pos, final byte[] src, final int srcOffset, final int len) {
            for (int done = 0; done < len; ) {
                final long at = pos + done;
                final int off = (int) (at & (CHUNK - 1));
                final int n = Math.min(CHUNK - off, len - done);
                System.arraycopy(src, srcOffset + done, chunk(at), off, n);
                done += n;
            }
            length = Math.max(length, pos + len);
        }

        void read(final long pos, final byte[] dst, final int dstOffset, final int len) {
            for (int done = 0; done < len; ) {
                final long at = pos + done;
                final int off = (int) (at & (CHUNK - 1));
                final int n = Math.min(CHUNK - off, len - done);
                final byte[] c = existing(at);
                if (c == null) {
                    Arrays.fill(dst, dstOffset + done, dstOffset + done + n, (byte) 0);
                } else {
                    System.arraycopy(c, off, dst, dstOffset + done, n);
                }
                done += n;
            }
        }

        /** Copies {@code len} disk bytes at {@code pos} into the page at {@code pageOffset} (zeros past the end). */
        void toPage(final long pos, final PageArena arena, final long ref, final int pageOffset, final int len) {
            for (int done = 0; done < len; ) {
                final long at = pos + done;
                final int off = (int) (at & (CHUNK - 1));
                final int n = Math.min(CHUNK - off, len - done);
                final byte[] c = existing(at);
                if (c == null) {
                    arena.fill(ref, pageOffset + done, n, (byte) 0);
                } else {
                    arena.write(ref, pageOffset + done, c, off, n);
                }
                done += n;
            }
        }

        /** Writes {@code len} bytes from the start of a page (page-aligned {@code pos}: one chunk) to disk. */
        void fromPage(final long pos, final PageArena arena, final long ref, final int len) {
            arena.read(ref, 0, chunk(pos), (int) (pos & (CHUNK - 1)), len);
            length = Math.max(length, pos + len);
        }

        /** Cuts the disk to {@code newLen}, or extends it with zeros. */
        void truncate(final long newLen) {
            if (newLen < length) {
                final long firstDropped = (newLen + CHUNK - 1) >>> SHIFT;
                for (long c = firstDropped; c < chunks.length; c++) {
                    chunks[(int) c] = null;
                }
                final byte[] straddling = existing(newLen);
                if (straddling != null) {
                    Arrays.fill(straddling, (int) (newLen & (CHUNK - 1)), CHUNK, (byte) 0);
                }
            }
            length = newLen;
        }

        private byte[] existing(final long pos) {
            final long c = pos >>> SHIFT;
            return c < chunks.length ? chunks[(int) c] : null;
        }

        private byte[] chunk(final long pos) {
            final int c = (int) (pos >>> SHIFT);
            if (c >= chunks.length) {
                chunks = Arrays.copyOf(chunks, Math.max(c + 1, chunks.length * 2));
            }
            if (chunks[c] == null) {
                chunks[c] = new byte[CHUNK];
            }
            return chunks[c];
        }
    }
}
