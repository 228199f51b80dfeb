package org.splicelab.actors;

import org.splicelab.actors.iter.PipeIterator;
import org.splicelab.memory.Mutant;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageCache;
import org.splicelab.memory.PageRef;
import org.splicelab.memory.StealOutcome;
import org.splicelab.protocols.OpsKind;
import org.splicelab.protocols.PageVector;
import org.splicelab.protocols.PipeBufFlag;
import org.splicelab.protocols.PipeIo;

/**
 * The read side of the page cache, run in the caller's own actor (a pipe's for splice, a process's for
 * read/pread and sendfile): {@code filemap_read} and {@code filemap_splice_read} over the shared
 * {@link PageCache}, each page looked up without locks (speculative reference, re-check), what it
 * becomes decided by the {@link KernelPolicy} (a reference, a steal, a copy). A miss stops the call
 * short with {@link #missed()} set: the caller asks the file's owner to fill that page, then resumes.
 *
 * <p>Confined to its actor (one instance each); allocates nothing per page.
 */
final class FileReader {
    private static final int PAGE = PageArena.PAGE_SIZE;
    private static final int PAGE_SHIFT = 12;
    /** Pages asked for at a miss (a small readahead window). */
    static final int READAHEAD = 16;

    private final Kernel kernel;
    private final PageArena arena;
    private final KernelStats stats;
    private long missed = -1;
    /** This actor's lookup figures, added to the run's at the end of each call. */
    private final org.splicelab.memory.LookupStats lookups = new org.splicelab.memory.LookupStats();
    private int missedPages;
    /** The iterator path's looked-up pages (grown to the largest pipe seen, then reused). */
    private long[] scratch = new long[16];

    FileReader(final Kernel kernel) {
        this.kernel = kernel;
        this.arena = kernel.arena();
        this.stats = kernel.stats();
    }

    /** The page index the last call stopped at because it was not cached, or -1 when it did not. */
    long missed() {
        return missed;
    }

    /** How many pages from {@link #missed()} on the last call still wanted (at most {@link #READAHEAD}). */
    int missedPages() {
        return missedPages;
    }

    private void miss(final long index, final long endByte) {
        missed = index;
        missedPages = (int) Math.max(1, Math.min(READAHEAD, ((endByte + PAGE - 1) >>> PAGE_SHIFT) - index));
    }

    /** Bytes from {@code pos} to at most {@code len} further, clipped at the file's size now. */
    static long available(final PageCache cache, final long pos, final long len) {
        final long size = cache.size();
        return pos >= size || len <= 0 ? 0 : Math.min(len, size - pos);
    }

    /**
     * {@code filemap_read}: copies file bytes from {@code pos} into {@code out[from..]} until
     * {@code out} is full or a page is missing. Returns the bytes copied.
     */
    int read(final PageCache cache, final long pos, final byte[] out, final int from) {
        return read(cache, pos, out, from, out.length - from, PageRef.NULL);
    }

    /** {@link #read(PageCache, long, byte[], int)} of {@code len} bytes into a load run's user buffer page. */
    int readInto(final PageCache cache, final long pos, final int len, final long userPage) {
        return read(cache, pos, null, 0, len, userPage);
    }

    private int read(final PageCache cache, final long pos, final byte[] out, final int from, final int len,
                     final long userPage) {
        missed = -1;
        int done = 0;
        while (done < len) {
            final long at = pos + done;
            final int off = (int) (at & (PAGE - 1));
            final int n = Math.min(PAGE - off, len - done);
            final long ref = kernel.policy().lookup(cache, at >>> PAGE_SHIFT, lookups);
            if (ref == PageRef.NULL) {
                miss(at >>> PAGE_SHIFT, pos + len);
                break;
            }
            if (out != null) {
                arena.read(ref, off, out, from + done, n);
            } else {
                UserBuffer.copy(arena, ref, off, userPage, done, n);
            }
            arena.put(ref);
            done += n;
        }
        lookups.flushTo(stats.lookups);
        return done;
    }

    /**
     * {@code filemap_splice_read} into a pipe (or, with {@link PipeIo#TO_SOCKET}, into a socket's
     * fragments): at most {@code maxBufs} entries and {@code maxLen} bytes from {@code pos}, clipped at
     * EOF, one entry per page piece. Returns the bytes added to {@code out}; stops early at a miss
     * ({@link #missed()}), at the refcount limit, or when no frame is left for a copy.
     */
    long spliceRead(final PageCache cache, final long pos, final long maxLen, final int maxBufs,
                    final int spliceFlags, final PageVector out) {
        missed = -1;
        final long end = pos + available(cache, pos, maxLen);
        final KernelPolicy.FilePiece mode = (spliceFlags & PipeIo.TO_SOCKET) != 0
            ? KernelPolicy.FilePiece.REFERENCE : kernel.policy().filePiece(spliceFlags);
        long at = pos;
        for (int bufs = Math.min(maxBufs, out.remaining()); at < end && bufs > 0; bufs--) {
            final int off = (int) (at & (PAGE - 1));
            final int n = (int) Math.min(PAGE - off, end - at);
            final long index = at >>> PAGE_SHIFT;
            final long ref = kernel.policy().lookup(cache, index, lookups);
            if (ref == PageRef.NULL) {
                miss(index, end);
                break;
            }
            if (!piece(cache, mode, index, ref, off, n, out)) {
                break;
            }
            at += n;
        }
        lookups.flushTo(stats.lookups);
        return at - pos;
    }

    /**
     * What one looked-up page piece becomes (the caller's reference from the lookup is handed on or put).
     * False when nothing could be added (no frame for a copy).
     */
    private boolean piece(final PageCache cache, final KernelPolicy.FilePiece mode, final long index, final long ref,
                          final int off, final int n, final PageVector out) {
        if (mode == KernelPolicy.FilePiece.REFERENCE) {
            out.add(ref, off, n, 0, OpsKind.PAGE_CACHE);   // the lookup's reference becomes the buffer's
            if (Mutant.EXTRA_PUT_PARTIAL_SPLICE_READ.on() && (off != 0 || n != PAGE)) {
                arena.put(ref);   // the mutant (docs/mutation.md): a partial piece is put as well
            }
            return true;
        }
        if (mode == KernelPolicy.FilePiece.STEAL_OR_COPY && off == 0 && n == PAGE) {
            stats.stealsTried.increment();
            final StealOutcome outcome = kernel.policy().steal(cache, index, ref);
            if (outcome == StealOutcome.STOLEN) {
                stats.stealsSucceeded.increment();
                out.add(ref, 0, PAGE, PipeBufFlag.LRU.bit(), OpsKind.DEFAULT);
                return true;
            }
            stats.stealFailed(KernelStats.StealFailure.of(outcome));
        }
        final long copy = kernel.allocPage();
        if (copy == PageRef.NULL) {
            arena.put(ref);
            return false;
        }
        arena.copy(ref, off, copy, 0, n);
        arena.put(ref);
        out.add(copy, 0, n, 0, OpsKind.DEFAULT);
        return true;
    }

    /**
     * iter-pipe and iter-pipe-seekable: {@code generic_file_splice_read} of 4.9–6.4 wraps the pipe in an
     * ITER_PIPE iterator and calls read_iter, whose {@code copy_page_to_iter} appends references to the
     * cached pages straight into the pipe's ring; the wrapper then truncates past the position. The
     * pages are looked up first (all or nothing: on a miss every reference is put, nothing is emitted
     * and {@link #missed()} is set). At most {@code maxBufs} pieces. Returns the splice's result (the
     * bytes the pipe gained).
     */
    long spliceThroughIterator(final PageCache cache, final long pos, final long maxLen, final int maxBufs,
                               final PipeIterator it) {
        missed = -1;
        final long end = pos + available(cache, pos, maxLen);
        if (maxBufs <= 0 || pos >= end) {
            return 0;
        }
        if (scratch.length < maxBufs) {
            scratch = new long[Integer.highestOneBit(maxBufs - 1) << 1];
        }
        int pieces = 0;
        for (long at = pos; at < end && pieces < maxBufs; at = (at | (PAGE - 1)) + 1) {
            final long ref = kernel.policy().lookup(cache, at >>> PAGE_SHIFT, lookups);
            if (ref == PageRef.NULL) {
                miss(at >>> PAGE_SHIFT, end);
                putAll(pieces);
                lookups.flushTo(stats.lookups);
                return 0;
            }
            scratch[pieces++] = ref;
        }
        try {
            long at = pos;
            for (int p = 0; p < pieces; p++) {
                final int off = (int) (at & (PAGE - 1));
                final int n = (int) Math.min(PAGE - off, end - at);
                if (it.pageTo(scratch[p], off, n) < n) {
                    break;
                }
                at += n;
            }
            return it.truncate();
        } finally {
            putAll(pieces);
            lookups.flushTo(stats.lookups);
        }
    }

    private void putAll(final int pieces) {
        for (int i = 0; i < pieces; i++) {
            arena.put(scratch[i]);
        }
    }
}
