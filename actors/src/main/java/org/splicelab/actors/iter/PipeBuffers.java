package org.splicelab.actors.iter;

import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageFlags;
import org.splicelab.memory.PageRef;
import org.splicelab.protocols.OpsKind;

/**
 * A pipe's ring as an {@code ITER_PIPE} iterator works on it ({@code pipe->bufs}, {@code head},
 * {@code tail}, {@code max_usage}): buffers are named by free-running ring index, as in
 * {@code lib/iov_iter.c}. The pipe's own ring ({@code org.splicelab.actors.PipeRing}) is the one
 * implementation: the iterator writes into the real pipe's slots, under the pipe's mutex (the actor's
 * confinement), with no second ring.
 *
 * <p>A new buffer gets its {@code flags} word written unless the kernel model leaves it stale
 * ({@code dirty-pipe}): the ring asks the model at {@link #push}, the one place a stale flag can come
 * from. Every write into page data goes through {@link #write}, {@link #zero} or {@link #copy}; one that
 * lands in an {@link PageFlags#IN_PAGE_CACHE} page is counted ({@link #pageCacheWrites}) and reported
 * as {@code page-cache-written-through-pipe}. Confined to the pipe's owner.
 */
public interface PipeBuffers {
    /** The page size. */
    int PAGE = PageArena.PAGE_SIZE;

    /** The arena the pages live in. */
    PageArena arena();

    /** {@code max_usage}: the ring's size in buffers. */
    int slots();

    /** {@code pipe->head}: the next buffer to fill. */
    int head();

    /** {@code pipe->tail}: the oldest buffer. */
    int tail();

    /** Buffers in use. */
    default int occupancy() {
        return head() - tail();
    }

    /** {@code pipe_full(h, tail, max_usage)}: true when a buffer at ring index {@code h} would not fit. */
    default boolean fullAt(final int h) {
        return h - tail() >= slots();
    }

    /** {@code pipe_full(head, tail, max_usage)}. */
    default boolean isFull() {
        return fullAt(head());
    }

    /** Buffer {@code i}'s page. */
    long page(int i);

    /** Buffer {@code i}'s offset in its page. */
    int offset(int i);

    /** Buffer {@code i}'s length. */
    int len(int i);

    /** Buffer {@code i}'s flags word ({@code PipeBufFlag} bits). */
    int flags(int i);

    /** Buffer {@code i}'s ops ({@code null} for an empty slot). */
    OpsKind ops(int i);

    /** Where buffer {@code i} ends in its page. */
    default int end(final int i) {
        return offset(i) + len(i);
    }

    /** Sets buffer {@code i}'s length (the iterator grows or trims the buffers of its splice). */
    void setLen(int i, int n);

    /** Replaces buffer {@code i}'s page (the ring's reference moves to {@code ref}; the caller puts the old one). */
    void replace(int i, long ref, OpsKind kind);

    /**
     * A new buffer at {@code head} ({@code copy_page_to_iter_pipe}, {@code push_pipe}); the ring now owns
     * {@code ref}. Its flags word is written as 0 unless the kernel model leaves it stale.
     */
    void push(long ref, int off, int length, OpsKind kind);

    /** {@code pipe_buf_release} of the newest buffer (truncation from the head side). */
    void releaseHead();

    /** {@code alloc_page(GFP_USER)}: not zeroed; {@link PageRef#NULL} when no frame could be had. */
    long alloc();

    /** {@code memcpy_to_page}, checked. */
    void write(long ref, int off, byte[] src, int srcOff, int n, String operation);

    /** {@code memzero_page}, checked. */
    void zero(long ref, int off, int n, String operation);

    /** Copies {@code n} bytes between two pages, checked. */
    void copy(long src, int srcOff, long dst, int dstOff, int n, String operation);

    /** Writes into {@code IN_PAGE_CACHE} pages made through this pipe (its iterator, its write merge). */
    long pageCacheWrites();

    /** The summed lengths of buffers {@code [from, to)}. */
    default int bytesBetween(final int from, final int to) {
        int sum = 0;
        for (int i = from; i != to; i++) {
            sum += len(i);
        }
        return sum;
    }

    /** FIONREAD: the bytes queued. */
    default int bytes() {
        return bytesBetween(tail(), head());
    }

    /** {@code pipe_write} without waiting: the merge step, then anonymous CAN_MERGE pages; the bytes written. */
    int pipeWrite(byte[] src, int off, int len);

    /** {@code pipe_read} without waiting: consumes up to {@code max} bytes from the tail. */
    byte[] pipeRead(int max);

    /** What a reader would see: every queued byte, oldest first (nothing is consumed). */
    byte[] contents();

    /** Releases every buffer (the pipe is freed). */
    void releaseAll();

    /** A readable dump of the occupied slots. */
    String describe();
}
