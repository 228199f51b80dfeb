package org.splicelab.actors;

import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageRef;
import org.splicelab.protocols.OpsKind;
import org.splicelab.protocols.PageVector;

/**
 * One relay channel buffer ({@code struct rchan_buf} of kernel/relay.c, one CPU's) with the default
 * no-overwrite callbacks, and the position of the one description of its relay file. Modelled from
 * kernel/relay.c as it stood until 6.7 (relay_file_splice_read and its pipe buffer ops were removed in
 * 6.8; the read and write sides are unchanged since): {@code relay_write}, {@code relay_switch_subbuf},
 * {@code relay_file_read} with its consume/avail/start/end helpers, {@code subbuf_splice_actor} and
 * {@code relay_consume_bytes}. The kernel's counters and their arithmetic are kept as they are, so the
 * channel's quirks are the kernel's: a splice may lend the sub-buffer still being written (it checks only
 * that some sub-buffer was produced and not consumed), and a buffer duplicated by tee accounts its bytes
 * twice when both copies are released.
 *
 * <p>The sub-buffers live in {@link PageArena} frames the channel holds one reference to each, from
 * creation until {@link #free()}. A lent piece carries one reference more (the kernel's relay pages take
 * none; the model's pipe slots each own one, and nothing frees a channel while its file is open).
 * Confined to its {@code RelayActor}; no Akka.
 */
final class RelayChannel {
    /** The largest channel the model builds (n_subbufs × subbuf_size, page-aligned). */
    static final int MAX_BYTES = 8 << 20;
    private static final int PAGE = PageArena.PAGE_SIZE;

    private final PageArena arena;
    private final int subbufSize;
    private final int nSubbufs;
    private final long allocSize;
    private final long[] pages;
    private final int[] padding;
    /** buf->data: the sub-buffer being written. */
    private int dataSubbuf;
    /** buf->offset: bytes written into it; subbufSize + 1 marks "no sub-buffer could be started". */
    private int offset;
    private long subbufsProduced;
    private long subbufsConsumed;
    private int bytesConsumed;
    /** The relay file's f_pos (its one description). */
    private long position;
    /** Records dropped by relay_write (no room, or larger than a sub-buffer). */
    private long dropped;
    /** The relay file's i_size. */
    private long size;

    /**
     * A channel of {@code nSubbufs} sub-buffers of {@code subbufSize} bytes (relay_open; the area is
     * page-aligned), its pages taken from {@code kernel}'s arena.
     *
     * @throws IllegalArgumentException when a size is out of range or the arena has too few free frames
     */
    RelayChannel(final Kernel kernel, final int subbufSize, final int nSubbufs) {
        if (subbufSize <= 0 || nSubbufs <= 0 || (long) subbufSize * nSubbufs > MAX_BYTES) {
            throw new IllegalArgumentException("a relay channel of " + nSubbufs + " sub-buffers of " + subbufSize
                + " bytes: each count must be at least 1 and the channel at most " + MAX_BYTES + " bytes");
        }
        this.arena = kernel.arena();
        this.subbufSize = subbufSize;
        this.nSubbufs = nSubbufs;
        this.allocSize = ((long) subbufSize * nSubbufs + PAGE - 1) / PAGE * PAGE;
        this.pages = new long[(int) (allocSize / PAGE)];
        for (int i = 0; i < pages.length; i++) {
            final long ref = kernel.allocPage();
            if (ref == PageRef.NULL) {
                for (int j = 0; j < i; j++) {
                    arena.put(pages[j]);
                }
                throw new IllegalArgumentException("a relay channel of " + allocSize + " bytes needs " + pages.length
                    + " page frames; the arena has fewer free");
            }
            arena.fill(ref, 0, PAGE, (byte) 0);
            pages[i] = ref;
        }
        this.padding = new int[nSubbufs];
        // __relay_reset: the first sub-buffer is started at once (the default subbuf_start accepts it)
        this.dataSubbuf = 0;
        this.offset = 0;
    }

    long position() {
        return position;
    }

    long dropped() {
        return dropped;
    }

    long subbufsProduced() {
        return subbufsProduced;
    }

    long subbufsConsumed() {
        return subbufsConsumed;
    }

    /** The channel's frames (for the world's release routing). */
    long[] pages() {
        return pages;
    }

    // ------------------------------------------------------------------ the writer (relay_write)

    /** relay_write: returns the bytes written, 0 when the record was dropped. */
    int write(final byte[] data) {
        int length = data.length;
        if (offset + (long) length > subbufSize) {
            length = switchSubbuf(length);
        }
        if (length == 0 && data.length > 0) {
            dropped++;
            return 0;
        }
        copyIn((long) dataSubbuf * subbufSize + offset, data, length);
        offset += length;
        return length;
    }

    /** relay_switch_subbuf: finishes the current sub-buffer (its padding recorded) and starts the next. */
    private int switchSubbuf(final int length) {
        if (length > subbufSize) {
            return 0;   // last_toobig
        }
        if (offset != subbufSize + 1) {
            final int prevPadding = subbufSize - offset;
            padding[(int) (subbufsProduced % nSubbufs)] = prevPadding;
            subbufsProduced++;
            size += subbufSize - prevPadding;   // the relay file's i_size grows by the data it finished
        }
        final int next = (int) (subbufsProduced % nSubbufs);
        offset = 0;
        if (full()) {
            // subbuf_start_default_callback refuses a new sub-buffer while every one is unconsumed
            offset = subbufSize + 1;
            return 0;
        }
        dataSubbuf = next;
        padding[next] = 0;
        return length;
    }

    private boolean full() {
        return subbufsProduced - subbufsConsumed == nSubbufs;
    }

    private void copyIn(final long at, final byte[] data, final int length) {
        int done = 0;
        while (done < length) {
            final long p = at + done;
            final int off = (int) (p % PAGE);
            final int n = Math.min(PAGE - off, length - done);
            arena.write(pages[(int) (p / PAGE)], off, data, done, n);
            done += n;
        }
    }

    // ------------------------------------------------------------------ consumption

    /** relay_subbufs_consumed(chan, cpu, count). */
    private void subbufsConsumed(final long count) {
        if (count > nSubbufs) {
            return;
        }
        if (count > subbufsProduced - subbufsConsumed) {
            subbufsConsumed = subbufsProduced;
        } else {
            subbufsConsumed += count;
        }
    }

    /** relay_consume_bytes: what relay_pipe_buf_release accounts for one released buffer. */
    void consumeBytes(final int bytes) {
        bytesConsumed += bytes;
        if (bytesConsumed >= subbufSize) {
            subbufsConsumed(1);
            bytesConsumed %= subbufSize;
        }
    }

    // ------------------------------------------------------------------ read (relay_file_read)

    /** relay_file_read of at most {@code count} bytes into {@code out} (from {@code from}); returns the bytes read. */
    int read(final byte[] out, final int from, final int count) {
        return read(out, from, count, PageRef.NULL);
    }

    /** {@link #read(byte[], int, int)} into a load run's user buffer page. */
    int readInto(final int count, final long userPage) {
        return read(null, 0, count, userPage);
    }

    private int read(final byte[] out, final int from, final int count, final long userPage) {
        int written = 0;
        int left = count;
        // since 5.6 (341a7213e5c1, "fix read_pos error when multiple readers") relay_file_read starts from
        // the consumed counters, not f_pos: it writes f_pos (relay_file_read_end_pos) but never reads it
        while (left > 0) {
            if (!readAvail()) {
                break;
            }
            final long readStart = readStartPos();
            final long avail = subbufAvail(readStart);
            if (avail == 0) {
                break;
            }
            final int n = (int) Math.min(left, avail);
            copyOut(readStart, out, from + written, n, userPage, written);
            written += n;
            left -= n;
            readConsume(readStart, n);
            position = readEndPos(readStart, n);
        }
        return written;
    }

    private void copyOut(final long at, final byte[] out, final int to, final int length, final long userPage,
                         final int userOffset) {
        int done = 0;
        while (done < length) {
            final long p = at + done;
            final int off = (int) (p % PAGE);
            final int n = Math.min(PAGE - off, length - done);
            final long page = pages[(int) (p / PAGE)];
            if (out != null) {
                arena.read(page, off, out, to + done, n);
            } else {
                UserBuffer.copy(arena, page, off, userPage, userOffset + done, n);
            }
            done += n;
        }
    }

    /**
     * padding[subbuf], the index wrapped: subbuf_splice_actor takes f_pos modulo the page-aligned area, so
     * with sub-buffers that are not a page multiple its read_subbuf can be n_subbufs, past the array (the
     * kernel reads beyond padding[] there). The model wraps the index instead (ADR 0020).
     */
    private int pad(final int subbuf) {
        return padding[Math.floorMod(subbuf, nSubbufs)];
    }

    /** relay_file_read_consume. */
    private void readConsume(final long readPos, final int bytes) {
        if (subbufsProduced == subbufsConsumed && offset == bytesConsumed) {
            return;
        }
        if (bytesConsumed + (long) bytes > subbufSize) {
            subbufsConsumed(1);
            bytesConsumed = 0;
        }
        bytesConsumed += bytes;
        final int readSubbuf = readPos == 0 ? (int) (subbufsConsumed % nSubbufs) : (int) (readPos / subbufSize);
        if (bytesConsumed + pad(readSubbuf) == subbufSize) {
            if (readSubbuf == subbufsProduced % nSubbufs && offset == subbufSize) {
                return;
            }
            subbufsConsumed(1);
            bytesConsumed = 0;
        }
    }

    /** relay_file_read_avail: whether unconsumed bytes are there (it may consume an emptied sub-buffer first). */
    private boolean readAvail() {
        readConsume(0, 0);
        long produced = subbufsProduced;
        long consumed = subbufsConsumed;
        if (offset > subbufSize) {
            return produced != consumed;
        }
        if (produced - consumed >= nSubbufs) {
            consumed = produced - nSubbufs + 1;
            subbufsConsumed = consumed;
            bytesConsumed = 0;
        }
        produced = produced % nSubbufs * subbufSize + offset;
        consumed = consumed % nSubbufs * subbufSize + bytesConsumed;
        if (consumed > produced) {
            produced += (long) nSubbufs * subbufSize;
        }
        if (consumed == produced) {
            return offset == subbufSize && subbufsProduced > subbufsConsumed;
        }
        return true;
    }

    /** relay_file_read_subbuf_avail. */
    private long subbufAvail(final long readPos) {
        final int writeSubbuf = dataSubbuf;
        final long writeOffset = Math.min(offset, subbufSize);
        final int readSubbuf = (int) (readPos / subbufSize);
        final long readOffset = readPos % subbufSize;
        final int pad = pad(readSubbuf);
        if (readSubbuf == writeSubbuf) {
            return readOffset + pad < writeOffset ? writeOffset - (readOffset + pad) : 0;
        }
        return subbufSize - pad - readOffset;
    }

    /**
     * relay_file_read_start_pos (5.6+, with 6.4's modulo): the consumed position, and a position inside a
     * sub-buffer's padding moves to the next sub-buffer.
     */
    private long readStartPos() {
        long readPos = (subbufsConsumed % nSubbufs * subbufSize + bytesConsumed) % ((long) subbufSize * nSubbufs);
        int readSubbuf = (int) (readPos / subbufSize);
        final long paddingEnd = (long) (readSubbuf + 1) * subbufSize;
        final long paddingStart = paddingEnd - pad(readSubbuf);
        if (readPos >= paddingStart && readPos < paddingEnd) {
            readSubbuf = (readSubbuf + 1) % nSubbufs;
            readPos = (long) readSubbuf * subbufSize;
        }
        return readPos;
    }

    /** relay_file_read_end_pos: the new f_pos (0 again past the last sub-buffer). */
    private long readEndPos(final long readPos, final int count) {
        final int readSubbuf = (int) (readPos / subbufSize);
        final long end = readPos % subbufSize + count + pad(readSubbuf) == subbufSize
            ? (long) (readSubbuf + 1) * subbufSize : readPos + count;
        return end >= (long) subbufSize * nSubbufs ? 0 : end;
    }

    // ------------------------------------------------------------------ splice (relay_file_splice_read)

    /**
     * relay_file_splice_read of at most {@code len} bytes into at most {@code maxBufs} pipe buffers
     * (the free slots: splice_to_pipe stops at a full pipe). With {@code copy} the pieces are fresh
     * private copies ({@link OpsKind#DEFAULT}) whose bytes are consumed now; otherwise the channel's own
     * pages ({@link OpsKind#RELAY}, one reference more each, {@code private} what their release accounts).
     * Returns the bytes added (padding never is), 0 when no finished sub-buffer is there, -1 when a
     * copy found no free frame before adding anything, or {@link #AGAIN} when splice_to_pipe would add
     * nothing (-EAGAIN whatever the flags). The position advances as the kernel's does
     * (by the bytes plus the padding skipped).
     */
    long spliceRead(final long len, final int maxBufs, final boolean copy, final Kernel kernel, final PageVector out) {
        long left = len;
        long spliced = 0;
        while (left > 0 && spliced == 0) {
            final long before = out.count();
            final long[] result = subbufSpliceActor(left, maxBufs - (int) before, copy, kernel, out);
            final long ret = result[0];
            if (ret < 0) {
                return spliced > 0 ? spliced : ret;
            }
            if (ret == 0) {
                break;
            }
            position += ret;
            left = ret > left ? 0 : left - ret;
            spliced += result[1];
        }
        return spliced;
    }

    private final long[] actorResult = new long[2];
    /** subbuf_splice_actor's -EAGAIN (splice_to_pipe added nothing). */
    static final long AGAIN = -2;

    /** subbuf_splice_actor: {ret (with padding when the sub-buffer's data ended), bytes added}. */
    private long[] subbufSpliceActor(final long wanted, final int maxBufs, final boolean copy, final Kernel kernel,
                                     final PageVector out) {
        actorResult[0] = 0;
        actorResult[1] = 0;
        final long readStart = position % allocSize;
        final int readSubbuf = (int) (readStart / subbufSize);
        final int pad = pad(readSubbuf);
        final long nonpadEnd = (long) readSubbuf * subbufSize + subbufSize - pad;
        if (subbufsProduced == subbufsConsumed) {
            return actorResult;
        }
        if (maxBufs <= 0) {
            actorResult[0] = AGAIN;   // splice_to_pipe into a full pipe: -EAGAIN
            return actorResult;
        }
        long len = Math.min(wanted, subbufSize - readStart % subbufSize);
        final int subbufPages = pages.length;
        int pidx = (int) (readStart / PAGE % subbufPages);
        int poff = (int) (readStart & (PAGE - 1));
        final int nrPages = Math.min(subbufPages, maxBufs);
        long added = 0;
        boolean reachedEnd = false;
        for (int nr = 0; nr < nrPages && len > 0; nr++) {
            final long curPos = readStart + added;
            int thisLen = (int) Math.min(len, PAGE - poff);
            int priv = thisLen;
            final long thisEnd = curPos + thisLen;
            if (thisEnd >= nonpadEnd) {
                if (curPos >= nonpadEnd) {
                    // f_pos at or past the data's end (a splice lent bytes the writer's switch later made
                    // padding): at == the kernel lends a zero-length piece and splice_to_pipe says -EAGAIN;
                    // past it its unsigned length wraps. The model says EAGAIN and lends nothing (ADR 0020)
                    if (added == 0) {
                        actorResult[0] = AGAIN;
                        return actorResult;
                    }
                    break;
                }
                thisLen = (int) (nonpadEnd - curPos);
                priv = thisLen + pad;
            }
            if (!lend(pidx, poff, thisLen, priv, copy, kernel, out)) {
                if (added == 0) {
                    actorResult[0] = -1;
                    return actorResult;
                }
                break;
            }
            added += thisLen;
            len -= thisLen;
            poff = 0;
            pidx = (pidx + 1) % subbufPages;
            if (thisEnd >= nonpadEnd) {
                reachedEnd = true;
                break;
            }
        }
        // every piece built was added (the pieces stop at the free slots), so the kernel's "ret < total_len:
        // no padding" never applies; reaching the data's end skips the padding too
        actorResult[0] = reachedEnd ? added + pad : added;
        actorResult[1] = added;
        return actorResult;
    }

    private boolean lend(final int pidx, final int poff, final int thisLen, final int priv, final boolean copy,
                         final Kernel kernel, final PageVector out) {
        if (!copy) {
            arena.get(pages[pidx]);
            out.add(pages[pidx], poff, thisLen, 0, OpsKind.RELAY, priv);
            return true;
        }
        kernel.stats().stealsTried.increment();
        kernel.stats().stealFailed(KernelStats.StealFailure.RELAY);
        final long page = kernel.allocPage();
        if (page == PageRef.NULL) {
            return false;
        }
        arena.copy(pages[pidx], poff, page, 0, thisLen);
        out.add(page, 0, thisLen, 0, OpsKind.DEFAULT);
        consumeBytes(priv);   // nothing of the channel's stays in the pipe: the bytes are consumed now
        return true;
    }

    // ------------------------------------------------------------------ size

    /**
     * The relay file's i_size: relay_switch_subbuf adds each finished sub-buffer's bytes less its padding.
     */
    long size() {
        return size;
    }

    /** Drops the channel's references to its frames (relay_close, once no description is left). */
    void free() {
        for (int i = 0; i < pages.length; i++) {
            if (pages[i] != PageRef.NULL) {
                arena.put(pages[i]);
                pages[i] = PageRef.NULL;
            }
        }
    }
}
