package org.splicelab.actors.iter;

import org.splicelab.memory.PageRef;
import org.splicelab.protocols.OpsKind;
import org.splicelab.protocols.PageVector;

/**
 * Viro's seekable {@code ITER_PIPE} (Re: "iov_iter: Kill ITER_PIPE", 21 Apr 2023, not merged;
 * SEMANTICS §3.3): the position {@code p} may lie before the end of the buffers, which are DATA
 * (private pages, ops {@code default}) or ZC (borrowed page-cache pages, ops {@code page_cache}).
 * <ol>
 *   <li>advancing past the last buffer appends zero-filled DATA;</li>
 *   <li>a copy over buffers first turns each overlapped ZC buffer into DATA (new page, old bytes
 *       copied, borrowed reference dropped);</li>
 *   <li>a zero-copy insertion over buffers is done as a copy there, the rest appended as ZC;</li>
 *   <li>{@code iov_iter_get_pages} turns the buffers it covers into DATA (new ones zero-filled);</li>
 *   <li>revert moves back without truncating;</li>
 *   <li>the splice-read wrapper truncates past {@code p} at the end, on success and on error.</li>
 * </ol>
 * Hence a borrowed page is only ever read. It writes into the pipe's own ring (whose model writes new
 * buffers' flags: post-2022).
 */
public final class SeekableIterPipe extends AbstractPipeIterator {
    private static final int PAGE = PipeBuffers.PAGE;

    private int pos;
    /** locate()'s out-parameter: where the located buffer starts, in bytes from the splice's start. */
    private int foundStart;

    /** The iterator over {@code ring}, the pipe's own slots. */
    public SeekableIterPipe(final PipeBuffers ring) {
        super(ring);
    }

    /** copy_to_iter, rule 2: overwrite (ZC buffers converted first), the rest appended as DATA. */
    @Override
    public int copyTo(final byte[] src, final int off, final int len) {
        begin();
        final int n = writeAt(pos, src, off, Math.max(0, len));
        pos += n;
        return n;
    }

    /** copy_page_to_iter, rule 3: the part over existing buffers is copied, the rest appended as ZC. */
    @Override
    public int pageTo(final long pageRef, final int offset, final int len) {
        begin();
        if (offset < 0 || len < 0 || offset + len > PAGE) {
            throw new IllegalArgumentException("offset=" + offset + " len=" + len + " (page_copy_sane)");
        }
        final int overlap = Math.min(len, extent() - pos);
        int done = 0;
        if (overlap > 0) {
            done = overwrite(pos, null, pageRef, offset, overlap);
        }
        if (done == overlap) {
            done += appendZc(pageRef, offset + done, len - done);
        }
        pos += done;
        return done;
    }

    /** iov_iter_advance, rule 1: past the last buffer, zero-filled DATA is appended. */
    @Override
    public int advance(final int n) {
        begin();
        final int want = Math.max(0, n);
        final int past = extent() - pos;
        int moved = Math.min(want, past);
        if (want > past) {
            moved += append(null, 0, want - past);
        }
        pos += moved;
        return moved;
    }

    /** iov_iter_revert, rule 5: the position moves back; nothing is truncated. */
    @Override
    public int revert(final int n) {
        begin();
        final int moved = Math.max(0, Math.min(n, pos));
        pos -= moved;
        return moved;
    }

    /**
     * iov_iter_get_pages, rule 4: each buffer the range covers becomes DATA (ZC converted, missing bytes
     * appended zero-filled), then one reference per page piece is handed out; the position stays.
     */
    @Override
    public int getPages(final int maxBytes, final int maxPages, final PageVector out) {
        begin();
        final int limit = Math.min(maxPages, out.remaining());
        int got = 0;
        for (int pieces = 0; got < maxBytes && pieces < limit; pieces++) {
            final int piece = dataPieceAt(pos + got, maxBytes - got, out);
            if (piece == 0) {
                break;
            }
            got += piece;
        }
        return got;
    }

    /** Rule 6 on success: everything past the position is released; returns the position. */
    @Override
    public int truncate() {
        checkOpen();
        final int result = active ? pos : 0;
        if (active) {
            truncateAt(pos);
        }
        endSplice();
        return result;
    }

    /** Rule 6 on error: nothing was transferred, so the position returns to the start before truncating. */
    @Override
    public void abort() {
        checkOpen();
        if (active) {
            truncateAt(0);
        }
        endSplice();
    }

    @Override
    public int position() {
        return active ? pos : 0;
    }

    @Override
    public String describe() {
        return "iter-pipe-seekable p=" + pos + " " + ring.describe();
    }

    // ------------------------------------------------------------------ rules 1-4

    /** Writes {@code len} bytes of {@code src} at {@code at} (which is at most the extent). */
    private int writeAt(final int at, final byte[] src, final int off, final int len) {
        int done = overwrite(at, src, PageRef.NULL, off, len);
        if (done < len && at + done == extent()) {
            done += append(src, off + done, len - done);
        }
        return done;
    }

    /**
     * Rule 2: overwrites existing buffers from {@code at}, converting ZC ones to DATA first, with bytes
     * of {@code src} from {@code off} or, when {@code src} is null, of page {@code srcPage} from
     * {@code off} (page to page: nothing staged on the heap).
     */
    private int overwrite(final int at, final byte[] src, final long srcPage, final int off, final int len) {
        int done = 0;
        int h = locate(at);
        for (int start = foundStart; done < len && h != ring.head(); start += ring.len(h), h++) {
            if (ring.ops(h) == OpsKind.PAGE_CACHE && !toData(h)) {
                break;
            }
            final int inBuffer = at + done - start;
            final int n = Math.min(len - done, ring.len(h) - inBuffer);
            if (src != null) {
                ring.write(ring.page(h), ring.offset(h) + inBuffer, src, off + done, n, "copy_to_iter");
            } else {
                ring.copy(srcPage, off + done, ring.page(h), ring.offset(h) + inBuffer, n, "copy_page_to_iter");
            }
            done += n;
        }
        return done;
    }

    /** Appends DATA: first into the room of our newest DATA page, then fresh pages; {@code src == null} appends zeros. */
    private int append(final byte[] src, final int off, final int len) {
        int done = extendNewestData(src, off, len);
        while (done < len) {
            final int n = pushData(src, off + done, len - done);
            if (n == 0) {
                break;
            }
            done += n;
        }
        return done;
    }

    private int extendNewestData(final byte[] src, final int off, final int len) {
        if (ring.head() == startHead || ring.ops(ring.head() - 1) != OpsKind.DEFAULT) {
            return 0;
        }
        final int newest = ring.head() - 1;
        final int n = Math.min(len, PAGE - ring.end(newest));
        if (n <= 0) {
            return 0;
        }
        put(src, off, ring.page(newest), ring.end(newest), n);
        ring.setLen(newest, ring.len(newest) + n);
        return n;
    }

    private int pushData(final byte[] src, final int off, final int len) {
        if (ring.isFull()) {
            return 0;
        }
        final long ref = ring.alloc();
        if (ref == PageRef.NULL) {
            return 0;
        }
        final int n = Math.min(PAGE, len);
        put(src, off, ref, 0, n);
        ring.push(ref, 0, n, OpsKind.DEFAULT);
        return n;
    }

    private void put(final byte[] src, final int off, final long ref, final int pageOffset, final int n) {
        if (src == null) {
            ring.zero(ref, pageOffset, n, "iov_iter_zero");
        } else {
            ring.write(ref, pageOffset, src, off, n, "copy_to_iter");
        }
    }

    /** Rule 3's remainder: extends our newest ZC buffer when it is the same page and contiguous. */
    private int appendZc(final long pageRef, final int offset, final int len) {
        if (len == 0) {
            return 0;
        }
        final int newest = ring.head() - 1;
        if (ring.head() != startHead && ring.ops(newest) == OpsKind.PAGE_CACHE
            && ring.page(newest) == pageRef && ring.end(newest) == offset) {
            ring.setLen(newest, ring.len(newest) + len);
            return len;
        }
        if (ring.isFull() || !arena.get(pageRef)) {
            return 0;
        }
        ring.push(pageRef, offset, len, OpsKind.PAGE_CACHE);
        return len;
    }

    /** Rule 2's conversion: the borrowed page is only read; its reference is dropped. */
    private boolean toData(final int h) {
        final long fresh = ring.alloc();
        if (fresh == PageRef.NULL) {
            return false;
        }
        final long borrowed = ring.page(h);
        ring.copy(borrowed, ring.offset(h), fresh, ring.offset(h), ring.len(h), "zc-to-data");
        ring.replace(h, fresh, OpsKind.DEFAULT);
        arena.put(borrowed);
        return true;
    }

    /**
     * Rule 4 for one page: makes the buffer holding {@code at} DATA (converted before it is grown, so a
     * page is handed out once), grows it or appends one zero-filled page towards {@code at + need} when
     * it is the newest, and hands out its piece. Returns the piece's length (0: pipe full).
     */
    private int dataPieceAt(final int at, final int need, final PageVector out) {
        int h = locate(at);
        if (h != ring.head() && ring.ops(h) == OpsKind.PAGE_CACHE && !toData(h)) {
            return 0;
        }
        if (ring.head() - h <= 1) {
            growZeroed(at + need - extent(), h == ring.head());
            h = locate(at);
        }
        if (h == ring.head()) {
            return 0;
        }
        final int inBuffer = at - foundStart;
        final int piece = Math.min(need, ring.len(h) - inBuffer);
        if (!arena.get(ring.page(h))) {
            throw new IllegalStateException("get_page refused on a pipe page " + PageRef.toString(ring.page(h)));
        }
        out.add(ring.page(h), ring.offset(h) + inBuffer, piece, 0, OpsKind.DEFAULT);
        return piece;
    }

    /** Grows the tail by up to {@code len} zeros: our newest DATA page first, else (if allowed) one new page. */
    private void growZeroed(final int len, final boolean newPage) {
        if (len > 0 && extendNewestData(null, 0, len) == 0 && newPage) {
            pushData(null, 0, len);
        }
    }

    // ------------------------------------------------------------------ rule 6 and the splice session

    /** Releases everything past {@code at}: the buffer holding it is trimmed, later ones released. */
    private void truncateAt(final int at) {
        final int h = locate(at);
        int keep = h;
        if (h != ring.head() && at > foundStart) {
            ring.setLen(h, at - foundStart);
            keep = h + 1;
        }
        while (ring.head() != keep) {
            ring.releaseHead();
        }
    }

    /** The buffer with {@code start <= at < end} (or the head when {@code at >= extent}); sets foundStart. */
    private int locate(final int at) {
        int start = 0;
        int h = startHead;
        while (h != ring.head() && start + ring.len(h) <= at) {
            start += ring.len(h);
            h++;
        }
        foundStart = start;
        return h;
    }

    /** The first operation of a splice-read is iov_iter_pipe: the iterator starts at the pipe's head. */
    private void begin() {
        checkOpen();
        if (!active) {
            active = true;
            startHead = ring.head();
            pos = 0;
        }
    }

    private void endSplice() {
        active = false;
        startHead = ring.head();
        pos = 0;
    }

}
