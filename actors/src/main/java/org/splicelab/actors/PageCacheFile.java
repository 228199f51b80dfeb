package org.splicelab.actors;

import java.util.Arrays;
import org.splicelab.memory.LookupStats;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageCache;
import org.splicelab.memory.PageFlags;
import org.splicelab.memory.PageIndex;
import org.splicelab.memory.PageRef;
import org.splicelab.memory.SchedulePoints;
import org.splicelab.protocols.OpsKind;
import org.splicelab.protocols.PageVector;

/**
 * The owner's side of one file's page cache ({@code struct address_space} plus the disk): everything
 * that changes the cache's structure or needs the disk — filling misses (readahead), {@code
 * generic_perform_write}, {@code iter_file_splice_write}, {@code copy_splice_read} for O_DIRECT,
 * {@code truncate_pagecache}, write-back and {@code invalidate_mapping_pages}. The index itself is the
 * shared {@link PageCache}, which other actors read without messages ({@link FileReader}).
 *
 * <p>Confined to its {@link PageCacheActor} (or, before the actor starts, to the thread that builds
 * the world). Even the owner takes a reference through {@link PageCache#lookup} and the page lock
 * before it writes a page, because a steal or an eviction may remove the page at any moment. A page's
 * bytes past end-of-file are always zero (filled on load, zeroed by truncate).
 */
public final class PageCacheFile {
    /** The largest file ({@code s_maxbytes}): writes stop there (EFBIG when nothing fits). */
    public static final long MAX_FILE_SIZE = 1L << 40;

    private static final int PAGE = PageArena.PAGE_SIZE;
    private static final int PAGE_SHIFT = 12;

    private final Kernel kernel;
    private final PageArena arena;
    private final KernelStats stats;
    private final PageCache pages;
    private final BackingStore disk = new BackingStore();
    private final LookupStats ownLookups;
    private long refills;
    /** False while the constructor caches the initial contents (those loads are not refills). */
    private boolean created;

    /**
     * A file whose disk holds {@code initialData}, every page of it cached and up to date, registered
     * for reclaim.
     *
     * @throws OutOfFrames when the arena cannot hold the file's pages
     */
    public PageCacheFile(final Kernel kernel, final long fileId, final byte[] initialData) {
        this.kernel = kernel;
        this.arena = kernel.arena();
        this.stats = kernel.stats();
        this.ownLookups = new LookupStats();
        this.pages = new PageCache(arena, arena.indexPool(), fileId);
        disk.write(0, initialData, 0, initialData.length);
        pages.size(initialData.length);
        for (long index = 0; index << PAGE_SHIFT < initialData.length; index++) {
            if (load(index) == PageRef.NULL) {
                releaseAll();
                throw new OutOfFrames("out of page frames caching its " + ((initialData.length + PAGE - 1L) >> PAGE_SHIFT)
                    + " pages: " + index + " fitted in an arena of " + arena.capacity() + " frames");
            }
        }
        kernel.reclaim().register(pages);
        created = true;
    }

    /** The arena could not hold a new file's initial pages (nothing of it is left cached). */
    public static final class OutOfFrames extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        OutOfFrames(final String message) {
            super(message);
        }
    }

    public long fileId() {
        return pages.fileId();
    }

    /** The shared index other actors look pages up in. */
    public PageCache pages() {
        return pages;
    }

    /** {@code i_size}. */
    public long size() {
        return pages.size();
    }

    /** Pages in the cache now. */
    public int cachedPages() {
        return (int) pages.nrPages();
    }

    /** Pages read back from disk because they were not cached (after fadvise, truncate, reclaim or a steal). */
    public long refills() {
        return refills;
    }

    /** The cached page at {@code index} without taking a reference, or {@link PageRef#NULL}. */
    public long cachedPage(final long index) {
        final long v = pages.peek(index);
        return PageIndex.isPage(v) ? v : PageRef.NULL;
    }

    // ------------------------------------------------------------------ fill a miss

    /**
     * Readahead after a miss: reads pages {@code [index, index + count)} that are not cached from disk
     * into the cache, stopping at end of file, and adds one reference to each page of the range that
     * is cached afterwards to {@code pins} (when not null) for the requester. Returns the pages
     * inserted, or -1 when the arena had no frame for the first one (ENOMEM).
     */
    public int fill(final long index, final int count, final PageVector pins) {
        int inserted = 0;
        for (long i = index; i < index + count && i << PAGE_SHIFT < pages.size(); i++) {
            if (!PageIndex.isPage(pages.peek(i))) {
                if (load(i) == PageRef.NULL) {
                    return inserted == 0 ? -1 : inserted;
                }
                inserted++;
            }
            if (pins != null && pins.remaining() > 0) {
                final long ref = pages.lookup(i, ownLookups);
                if (ref != PageRef.NULL) {
                    pins.add(ref, 0, PAGE, 0, OpsKind.PAGE_CACHE);
                }
            }
        }
        return inserted;
    }

    // ------------------------------------------------------------------ write

    /** O_DIRECT read: writes dirty pages in range back, then reads the disk. */
    public byte[] readDirect(final long pos, final int len) {
        final byte[] out = new byte[(int) available(pos, len)];
        writeBack(pos, pos + out.length);
        disk.read(pos, out, 0, out.length);
        return out;
    }

    /**
     * {@code generic_perform_write}: copies {@code data} into cached pages at {@code pos} (at the end with
     * {@code append}), each under its page lock, dirtying them; stops at {@link #MAX_FILE_SIZE} or when
     * no frame is left. A pipe holding one of those pages sees the new bytes. Returns the bytes written.
     */
    public long write(final long pos, final byte[] data, final boolean append) {
        final long start = append ? size() : pos;
        final int len = (int) Math.min(data.length, Math.max(0, MAX_FILE_SIZE - start));
        int done = 0;
        while (done < len) {
            final long at = start + done;
            final int off = (int) (at & (PAGE - 1));
            final int n = Math.min(PAGE - off, len - done);
            final long ref = lockedPage(at >>> PAGE_SHIFT);
            if (ref == PageRef.NULL) {
                break;
            }
            arena.write(ref, off, data, done, n);
            dirtied(ref);
            done += n;
            if (at + n > size()) {
                pages.size(at + n);
            }
        }
        stats.bytesCopied.add(done);
        return done;
    }

    /**
     * {@code copy_splice_read} (O_DIRECT input): writes back the range, then adds fresh pages filled
     * from disk ({@link OpsKind#DEFAULT}), at most {@code maxBufs} and {@code maxLen} bytes from
     * {@code pos}, stopping at EOF. Returns the bytes added to {@code out}.
     */
    public long spliceReadDirect(final long pos, final long maxLen, final int maxBufs, final PageVector out) {
        final long end = pos + available(pos, maxLen);
        writeBack(pos, end);
        long at = pos;
        for (int bufs = Math.min(maxBufs, out.remaining()); at < end && bufs > 0; bufs--) {
            final int n = (int) Math.min(PAGE, end - at);
            final long ref = kernel.allocPage();
            if (ref == PageRef.NULL) {
                break;
            }
            disk.toPage(at, arena, ref, 0, n);
            out.add(ref, 0, n, 0, OpsKind.DEFAULT);
            at += n;
        }
        return at - pos;
    }

    /**
     * {@code iter_file_splice_write}: copies every entry's bytes into the file at {@code pos} (at the end
     * with {@code append}) as a write does, then puts every reference of {@code in} and releases it.
     * Returns the bytes accepted (less than the vector only at {@link #MAX_FILE_SIZE} or out of frames).
     */
    public long writePages(final long pos, final boolean append, final PageVector in) {
        final long start = append ? size() : pos;
        long at = start;
        for (int i = 0; i < in.count() && at < MAX_FILE_SIZE; i++) {
            final int len = (int) Math.min(in.len(i), MAX_FILE_SIZE - at);
            final int copied = copyIn(at, in.ops(i) == OpsKind.ZERO ? PageRef.NULL : in.ref(i), in.offset(i), len);
            at += copied;
            if (copied < len) {
                break;
            }
        }
        in.discard(arena);
        if (at > size()) {
            pages.size(at);
        }
        stats.bytesCopied.add(at - start);
        return at - start;
    }

    // ------------------------------------------------------------------ truncate, write-back, reclaim

    /**
     * {@code truncate_setsize}: {@code i_size} first, then {@code truncate_pagecache}: pages wholly past
     * {@code newLen} leave the cache under their page lock whatever their refcount (a pipe holding one
     * keeps the old data); the page straddling {@code newLen} has its tail zeroed in place. The disk is
     * cut or zero-extended; growing the file makes the new bytes read as zeros.
     */
    public void truncate(final long newLen) {
        final long oldSize = size();
        pages.size(newLen);
        if (newLen < oldSize) {
            for (long i = pages.nextCached((newLen + PAGE - 1) >>> PAGE_SHIFT); i >= 0; i = pages.nextCached(i + 1)) {
                final long ref = pages.lookup(i, ownLookups);
                if (ref == PageRef.NULL) {
                    continue;
                }
                lock(ref);
                if (pages.removeLocked(i, ref)) {
                    arena.clearFlags(ref, PageFlags.DIRTY);
                    arena.put(ref);   // the cache's reference
                }
                arena.unlock(ref);
                arena.put(ref);
            }
            final int off = (int) (newLen & (PAGE - 1));
            if (off != 0) {
                final long ref = pages.lookup(newLen >>> PAGE_SHIFT, ownLookups);
                if (ref != PageRef.NULL) {
                    lock(ref);
                    arena.fill(ref, off, PAGE - off, (byte) 0);
                    arena.markModified(ref);
                    arena.unlock(ref);
                    arena.put(ref);
                }
            }
        }
        disk.truncate(newLen);
    }

    /** {@code vfs_fsync}: writes every dirty cached page to disk and clears its dirty flag. */
    public void fsync() {
        writeBack(0, size());
    }

    /**
     * {@code invalidate_mapping_pages} ({@code POSIX_FADV_DONTNEED}): writes dirty pages back, then
     * evicts each cached page that only the cache references ({@link PageCache#evict}: lock, freeze,
     * remove); a page a pipe, socket or reader holds stays cached.
     */
    public void fadviseDontneed() {
        fsync();
        for (long i = pages.nextCached(0); i >= 0; i = pages.nextCached(i + 1)) {
            final long ref = pages.lookup(i, ownLookups);
            if (ref != PageRef.NULL) {
                pages.evict(i, ref);
                arena.put(ref);
            }
        }
    }

    /** The inode is evicted (the actor stopped): every cached page leaves, the index is freed. */
    public void releaseAll() {
        kernel.reclaim().unregister(pages);
        pages.destroyQuiescent();
    }

    /** Adds the owner's own lookup figures to the run's (after each request). */
    public void flushStats() {
        ownLookups.flushTo(stats.lookups);
    }

    // ------------------------------------------------------------------ internals

    /**
     * The page at {@code index} with a reference taken and the page lock held, loaded from disk if it
     * is not cached; {@link PageRef#NULL} when no frame is left. Retries when the page left the cache
     * between the lookup and the lock (a steal or an eviction won the race).
     */
    private long lockedPage(final long index) {
        while (true) {
            final long ref = pages.lookup(index, ownLookups);
            if (ref == PageRef.NULL) {
                if (load(index) == PageRef.NULL) {
                    return PageRef.NULL;
                }
                continue;
            }
            lock(ref);
            if (pages.peek(index) == ref) {
                return ref;
            }
            arena.unlock(ref);
            arena.put(ref);
        }
    }

    /** A write into a locked, referenced page is done: dirty it, count the change, unlock, put. */
    private void dirtied(final long ref) {
        arena.setFlags(ref, PageFlags.DIRTY);
        arena.markModified(ref);
        arena.unlock(ref);
        arena.put(ref);
    }

    /**
     * {@code lock_page}: holders of a page lock never wait while holding it, so the wait is short. On the
     * deterministic runtime with memory points the holder may be suspended mid-steal: the wait is a
     * point where it runs.
     */
    private void lock(final long ref) {
        while (!arena.tryLock(ref)) {
            arena.point(SchedulePoints.Op.PAGE_LOCK_WAIT, ref);
            Thread.onSpinWait();
        }
    }

    /**
     * Allocates (with direct reclaim), fills from disk (zero past its end), marks uptodate|lru and
     * publishes page {@code index}; returns the page (the cache's reference), or {@link PageRef#NULL}.
     */
    private long load(final long index) {
        final long ref = kernel.allocPage();
        if (ref == PageRef.NULL) {
            return PageRef.NULL;
        }
        disk.toPage(index << PAGE_SHIFT, arena, ref, 0, PAGE);
        arena.setFlags(ref, PageFlags.UPTODATE | PageFlags.LRU);
        final long replaced = pages.insert(index, ref);
        if (created && index << PAGE_SHIFT < disk.length()) {
            refills++;
            stats.refills.increment();
        }
        if (replaced == PageIndex.SHADOW_STOLEN) {
            stats.refillsAfterSteal.increment();
        }
        return ref;
    }

    /** Copies {@code len} bytes of page {@code src} (zeros when NULL) into the file at {@code pos}; returns the bytes. */
    private int copyIn(final long pos, final long src, final int srcOffset, final int len) {
        int done = 0;
        while (done < len) {
            final long at = pos + done;
            final int off = (int) (at & (PAGE - 1));
            final int n = Math.min(PAGE - off, len - done);
            final long dst = lockedPage(at >>> PAGE_SHIFT);
            if (dst == PageRef.NULL) {
                break;
            }
            if (src == PageRef.NULL) {
                arena.fill(dst, off, n, (byte) 0);
            } else {
                arena.copy(src, srcOffset + done, dst, off, n);
            }
            dirtied(dst);
            done += n;
        }
        return done;
    }

    /** Writes the dirty cached pages overlapping {@code [from, to)} to disk, each under its page lock. */
    private void writeBack(final long from, final long to) {
        for (long i = pages.nextCached(from >>> PAGE_SHIFT); i >= 0 && i << PAGE_SHIFT < to; i = pages.nextCached(i + 1)) {
            final long ref = pages.lookup(i, ownLookups);
            if (ref == PageRef.NULL) {
                continue;
            }
            if (arena.hasFlags(ref, PageFlags.DIRTY)) {
                lock(ref);
                final long start = i << PAGE_SHIFT;
                disk.fromPage(start, arena, ref, (int) Math.min(PAGE, Math.max(0, size() - start)));
                arena.clearFlags(ref, PageFlags.DIRTY);
                arena.unlock(ref);
            }
            arena.put(ref);
        }
    }

    /** Bytes from {@code pos} to at most {@code len} further, clipped at EOF (0 at or past it). */
    private long available(final long pos, final long len) {
        final long size = size();
        return pos >= size || len <= 0 ? 0 : Math.min(len, size - pos);
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
