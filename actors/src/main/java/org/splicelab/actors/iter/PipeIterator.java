package org.splicelab.actors.iter;

import org.splicelab.protocols.PageVector;

/**
 * A pipe-backed {@code struct iov_iter} ({@code ITER_PIPE}, set up by {@code iov_iter_pipe}) over a
 * private pipe, as {@code generic_file_splice_read} handed it to {@code ->read_iter}. A splice-read is
 * in progress from the first iterator operation until {@link #truncate} or {@link #abort}; the next one
 * starts at the pipe's head. {@link #position()} counts bytes from the splice's start.
 *
 * <p>Two variants: {@link IterPipe} (Linux 4.9–6.4, SEMANTICS §3.1) and {@link SeekableIterPipe}
 * (Viro's seekable proposal, §3.3). Buffers are DATA (private pages the iterator allocated, ops
 * {@code default}) or ZC (a borrowed page-cache page, ops {@code page_cache}).
 *
 * <p>Lengths are capped by the pipe's free slots: a short count means the pipe is full (or the arena
 * exhausted). Confined to one thread.
 */
public interface PipeIterator extends AutoCloseable {

    /** {@code copy_to_iter}: copies {@code len} bytes of {@code src} at the position; returns bytes copied. */
    int copyTo(byte[] src, int off, int len);

    /**
     * {@code copy_page_to_iter}: zero-copy of {@code len} bytes of a page-cache page from {@code offset}
     * ({@code offset + len <= 4096}); the pipe takes its own reference. Returns bytes added.
     */
    int pageTo(long pageRef, int offset, int len);

    /** {@code iov_iter_advance}: moves the position forward; returns how far it moved. */
    int advance(int n);

    /** {@code iov_iter_revert}: moves the position back (at most to the splice's start); returns how far. */
    int revert(int n);

    /**
     * {@code iov_iter_get_pages} (the non-advancing form of 4.9–6.0): adds to the open vector {@code out}
     * one entry per page piece the next {@code <= maxBytes} bytes at the position will land in, each
     * with its own reference, which the caller then owns (writes into, then puts). The position does not
     * move: the caller {@link #advance}s over what it filled. Returns the bytes covered (0 = EFAULT).
     */
    int getPages(int maxBytes, int maxPages, PageVector out);

    /**
     * End of a successful splice-read ({@code generic_file_splice_read} after {@code ->read_iter}
     * returned): the variant's final truncation (see each class), then the splice ends. Returns the
     * splice's result, the position.
     */
    int truncate();

    /** End of a failed splice-read: back to the splice's start and truncate, so nothing it emitted stays. */
    void abort();

    /** Bytes from the splice's start to the position (0 between splices). */
    int position();

    /** Bytes from the splice's start to the end of its last buffer ({@code >= position()} while buffers lie past it). */
    int extent();

    /** {@code pipe_write} on the pipe between splices (merge step, then anonymous CAN_MERGE pages). */
    int pipeWrite(byte[] src, int off, int len);

    /** {@code pipe_read} on the pipe between splices: consumes up to {@code max} bytes. */
    byte[] pipeRead(int max);

    /** FIONREAD: bytes queued in the pipe (earlier content included). */
    int bytes();

    /** What a reader of the pipe would see now: every queued byte, oldest first, without consuming. */
    byte[] contents();

    /** Data writes this iterator or its pipe made into pages marked {@code IN_PAGE_CACHE}. */
    long pageCacheWrites();

    /** A readable dump of the pipe's buffers. */
    String describe();

    /** Frees the pipe: puts the reference of every buffer. Idempotent. */
    void release();

    @Override
    default void close() {
        release();
    }
}
