package org.splicelab.actors.iter;

import org.splicelab.memory.PageRef;
import org.splicelab.protocols.OpsKind;
import org.splicelab.protocols.PageVector;

/**
 * The {@code ITER_PIPE} iterator of Linux 4.9–6.4 ({@code lib/iov_iter.c}: {@code copy_pipe_to_iter},
 * {@code copy_page_to_iter_pipe}, {@code push_pipe}, {@code pipe_get_pages}, {@code pipe_advance},
 * {@code iov_iter_revert}, {@code pipe_truncate}; SEMANTICS §3.1), in the 4.9–6.0 shape where
 * {@code iov_iter_get_pages} does not advance (6.1–6.4's {@code iov_iter_get_pages2} is
 * {@link #getPages} followed by {@link #advance}). The state is the kernel's: {@code i->head} (the
 * newest buffer, or the next slot when {@code iov_offset} is 0), {@code i->iov_offset} (where the next
 * byte goes in that buffer's page) and {@code i->start_head}.
 *
 * <p>The pipe never holds bytes past the position, except between {@link #getPages} and the caller's
 * {@link #advance}/{@link #revert} (which truncate). Emitting again in that window is refused, as the
 * kernel's {@code PIPE_PARANOIA} {@code sanity()} check would (without it the ring is corrupted).
 *
 * <p>It writes into the pipe's own ring: the buffers it pushes are the pipe's. Whether a new buffer's
 * {@code flags} word is written is the ring's (the kernel model's) answer: under {@code dirty-pipe}
 * (5.8–5.16.10, before 9d2231c5d74e) a page-cache buffer keeps the slot's old flags, so a later
 * {@link #pipeWrite} may merge into a page-cache page (Dirty Pipe, §4).
 */
public final class IterPipe extends AbstractPipeIterator {
    private static final int PAGE = PipeBuffers.PAGE;

    private int iHead;
    private int iovOffset;
    /** data_start()'s out-parameters. */
    private int dataHead;
    private int dataOff;

    /** The iterator over {@code ring}, the pipe's own slots (iov_iter_pipe at each splice's first operation). */
    public IterPipe(final PipeBuffers ring) {
        super(ring);
    }

    /** copy_pipe_to_iter: extend the newest buffer if it is ours (default ops), else new private pages. */
    @Override
    public int copyTo(final byte[] src, final int off, final int len) {
        begin();
        checkSane("copy_to_iter");
        if (len <= 0) {
            return 0;
        }
        final int n = pushPipe(len);
        int h = dataHead;
        int o = dataOff;
        for (int done = 0; done < n; h++, o = 0) {
            final int chunk = Math.min(n - done, PAGE - o);
            ring.write(ring.page(h), o, src, off + done, chunk, "copy_pipe_to_iter");
            iHead = h;
            iovOffset = o + chunk;
            done += chunk;
        }
        return n;
    }

    /**
     * copy_page_to_iter_pipe: extends the newest buffer when it holds the same page and ends at
     * {@code offset}, else takes a page reference into a new page_cache buffer; 0 when the pipe is full.
     */
    @Override
    public int pageTo(final long pageRef, final int offset, final int len) {
        begin();
        checkSane("copy_page_to_iter");
        checkPageRange(offset, len);
        if (len == 0) {
            return 0;
        }
        int h = iHead;
        if (iovOffset != 0) {
            if (offset == iovOffset && ring.page(h) == pageRef) {
                ring.setLen(h, ring.len(h) + len);
                iovOffset += len;
                return len;
            }
            h++;
        }
        if (ring.fullAt(h) || !arena.get(pageRef)) {
            return 0;
        }
        ring.push(pageRef, offset, len, OpsKind.PAGE_CACHE);
        iHead = h;
        iovOffset = offset + len;
        return len;
    }

    /**
     * pipe_advance: walks {@code n} bytes over the buffers past the position (those get_pages pushed),
     * then pipe_truncate discards everything past the new position, also when {@code n} is 0. The
     * kernel walks into unused slots when {@code n} exceeds them (a caller bug); the model stops there.
     */
    @Override
    public int advance(final int n) {
        begin();
        final int size = Math.max(0, Math.min(n, bytesPastPosition()));
        if (size > 0) {
            walkForward(size);
        }
        pipeTruncate();
        return size;
    }

    /** iov_iter_revert for ITER_PIPE: moves back (at most to start_head) and truncates there. */
    @Override
    public int revert(final int n) {
        begin();
        final int size = Math.max(0, Math.min(n, position()));
        if (size == 0) {
            return 0;
        }
        walkBack(size);
        pipeTruncate();
        return size;
    }

    /**
     * pipe_get_pages: push_pipe as a copy would (extending our newest buffer, then fresh pages that are
     * <b>not zeroed</b>), then one reference per page touched; the position does not move.
     */
    @Override
    public int getPages(final int maxBytes, final int maxPages, final PageVector out) {
        begin();
        checkSane("pipe_get_pages");
        if (maxBytes <= 0) {
            return 0;
        }
        dataStart();
        final int npages = Math.min(Math.min(spaceForUser(dataHead), maxPages), out.remaining());
        final int capacity = npages * PAGE - dataOff;
        if (capacity <= 0) {
            return 0;
        }
        final int n = pushPipe(Math.min(maxBytes, capacity));
        handOut(n, out);
        return n;
    }

    /**
     * The end of a successful {@code generic_file_splice_read}: it did <b>not</b> truncate (it relied on
     * advance/revert having done so), so buffers get_pages pushed and nobody advanced over stay in the
     * pipe. Returns the position.
     */
    @Override
    public int truncate() {
        checkOpen();
        final int result = active ? position() : 0;
        endSplice();
        return result;
    }

    /** The error path of generic_file_splice_read: {@code to.head = start_head; iov_offset = 0; advance(0)}. */
    @Override
    public void abort() {
        checkOpen();
        if (active) {
            iHead = startHead;
            iovOffset = 0;
            pipeTruncate();
        }
        endSplice();
    }

    @Override
    public int position() {
        if (!active) {
            return 0;
        }
        int pos = ring.bytesBetween(startHead, iHead);
        if (iovOffset != 0) {
            pos += iovOffset - ring.offset(iHead);
        }
        return pos;
    }

    @Override
    public String describe() {
        return "iter-pipe head=" + iHead + " iov_offset=" + iovOffset
            + " " + ring.describe();
    }

    // ------------------------------------------------------------------ lib/iov_iter.c helpers

    /** data_start: a new buffer is needed when ours is not a default (allocated) one or is full. */
    private void dataStart() {
        dataHead = iHead;
        dataOff = iovOffset;
        if (dataOff != 0 && (ring.ops(iHead) != OpsKind.DEFAULT || dataOff == PAGE)) {
            dataHead++;
            dataOff = 0;
        }
    }

    /** push_pipe: room for {@code size} bytes at data_start; returns how much was made. */
    private int pushPipe(final int size) {
        dataStart();
        int left = size;
        if (dataOff != 0) {
            if (left <= PAGE - dataOff) {
                ring.setLen(dataHead, ring.len(dataHead) + size);
                return size;
            }
            left -= PAGE - dataOff;
            ring.setLen(dataHead, PAGE - ring.offset(dataHead));
        }
        while (left > 0 && !ring.isFull()) {
            final long ref = ring.alloc();
            if (ref == PageRef.NULL) {
                break;
            }
            final int n = Math.min(left, PAGE);
            ring.push(ref, 0, n, OpsKind.DEFAULT);
            left -= n;
        }
        return size - left;
    }

    private void handOut(final int n, final PageVector out) {
        int h = dataHead;
        int o = dataOff;
        for (int left = n; left > 0; h++, o = 0) {
            final int piece = Math.min(left, PAGE - o);
            if (!arena.get(ring.page(h))) {
                throw new IllegalStateException("get_page refused on a pipe page " + PageRef.toString(ring.page(h)));
            }
            out.add(ring.page(h), o, piece, 0, OpsKind.DEFAULT);
            left -= piece;
        }
    }

    /** pipe_space_for_user: slots from {@code h} on (the partial one included). */
    private int spaceForUser(final int h) {
        final int occupancy = h - ring.tail();
        return occupancy >= ring.slots() ? 0 : ring.slots() - occupancy;
    }

    private void walkForward(final int size) {
        int h = iHead;
        int left = size;
        if (iovOffset != 0) {
            left += iovOffset - ring.offset(h);
        }
        while (left > ring.len(h)) {
            left -= ring.len(h);
            h++;
        }
        iHead = h;
        iovOffset = ring.offset(h) + left;
    }

    private void walkBack(final int size) {
        int unroll = size;
        int h = iHead;
        int off = iovOffset;
        while (true) {
            final int n = off - ring.offset(h);
            if (unroll < n) {
                off -= unroll;
                break;
            }
            unroll -= n;
            if (unroll == 0 && h == startHead) {
                off = 0;
                break;
            }
            h--;
            off = ring.end(h);
        }
        iHead = h;
        iovOffset = off;
    }

    /** pipe_truncate: trims the buffer at the position and releases every later one. */
    private void pipeTruncate() {
        int keep = iHead;
        if (iovOffset != 0) {
            ring.setLen(iHead, iovOffset - ring.offset(iHead));
            keep++;
        }
        while (ring.head() != keep) {
            ring.releaseHead();
        }
    }

    private int bytesPastPosition() {
        int h = iHead;
        int past = 0;
        if (iovOffset != 0) {
            past += ring.end(h) - iovOffset;
            h++;
        }
        return past + ring.bytesBetween(h, ring.head());
    }

    // ------------------------------------------------------------------ splice session

    /** The first operation of a splice-read is iov_iter_pipe: the iterator starts at the pipe's head. */
    private void begin() {
        checkOpen();
        if (!active) {
            active = true;
            startHead = ring.head();
            iHead = startHead;
            iovOffset = 0;
        }
    }

    /** The PIPE_PARANOIA sanity(): emitting needs the pipe to end at the position. */
    private void checkSane(final String operation) {
        if (bytesPastPosition() != 0) {
            throw new IllegalStateException(operation + " with " + bytesPastPosition()
                + " bytes past the position (get_pages not followed by advance/revert): sanity() fails; "
                + describe());
        }
    }

    private void endSplice() {
        active = false;
        startHead = ring.head();
        iHead = startHead;
        iovOffset = 0;
    }

    private static void checkPageRange(final int offset, final int len) {
        if (offset < 0 || len < 0 || offset + len > PAGE) {
            throw new IllegalArgumentException("offset=" + offset + " len=" + len + " (page_copy_sane)");
        }
    }
}
