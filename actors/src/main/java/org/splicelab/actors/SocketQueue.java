package org.splicelab.actors;

import org.splicelab.memory.Mutant;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageRef;
import org.splicelab.protocols.OpsKind;
import org.splicelab.protocols.PageVector;
import org.splicelab.protocols.SocketKind;

/**
 * One socket end's receive queue ({@code sk_receive_queue}) as a FIFO of page fragments
 * {PageRef, offset, len}, each holding one reference. Filled by the peer's {@code sendmsg} (bytes copied
 * into fresh pages; a small send is appended to the tail page when only the queue holds it, as
 * {@code skb_copy_to_page_nocache} into {@code sk_page_frag} does) or {@code sendmsg(MSG_SPLICE_PAGES)}
 * (the references are kept: {@code skb_splice_from_iter}); drained by {@code recvmsg} (a copy) or
 * {@code skb_splice_bits} (references handed to a pipe as {@link OpsKind#NOSTEAL} buffers).
 *
 * <p>A UDP queue ({@link SocketKind#UDP}) also keeps datagram boundaries: every send is one datagram
 * (fragments followed by a boundary); a read or a splice takes at most one datagram and drops what did
 * not fit ({@code udp_recvmsg} truncates, MSG_TRUNC); a splice copies it into fresh pages
 * ({@code copy_splice_read}: {@link OpsKind#DEFAULT}, flags 0, so never merged into); FIONREAD is the
 * first datagram's length; a send with MSG_MORE is corked (queued behind a boundary not yet written,
 * invisible) until a send without it completes the datagram. Observed on 6.18:
 * test/kernel-checks/udp_splice.c.
 *
 * <p>Confined to its {@link SocketActor}; the pages' refcounts and data are shared.
 */
public final class SocketQueue {
    /**
     * Bytes of queued data the queue accepts: 208 KiB, the default {@code net.core.rmem_default} (and
     * {@code wmem_default}) on Linux. The kernel charges skb truesize (metadata included); we charge payload.
     */
    public static final int CAPACITY = 212992;

    private static final int PAGE = PageArena.PAGE_SIZE;

    private final PageArena arena;
    private final KernelStats stats;
    private long[] refs = new long[16];
    private int[] offsets = new int[16];
    private int[] lens = new int[16];
    private boolean[] copied = new boolean[16];
    private int head;
    private int count;
    private long bytes;
    private boolean outOfFrames;

    private final Kernel kernel;
    private final boolean appendSends;
    private final boolean datagrams;
    /** UDP: the lengths of the complete datagrams queued, oldest first (a ring). */
    private int[] datagramLens = new int[16];
    private int datagramHead;
    private int datagramCount;
    /** UDP: bytes at the tail of the queue that belong to a corked datagram (MSG_MORE), not yet visible. */
    private int corked;

    public SocketQueue(final Kernel kernel) {
        this(kernel, true);
    }

    /** A queue for an end of a {@code kind} pair (appending sends for TCP, datagrams for UDP). */
    public SocketQueue(final Kernel kernel, final SocketKind kind) {
        this(kernel, kind == SocketKind.TCP, kind == SocketKind.UDP);
    }

    /**
     * {@code appendSends}: a send may fill the tail page of the previous one (TCP: tcp_sendmsg appends to
     * the last skb's page fragment, and the receive queue coalesces). AF_UNIX stream makes a new skb per
     * send, so a splice into a pipe takes one buffer per send (observed on 6.18: three 2-byte sends into a
     * two-slot pipe splice as 4 bytes, TCP's as 6).
     */
    public SocketQueue(final Kernel kernel, final boolean appendSends) {
        this(kernel, appendSends, false);
    }

    private SocketQueue(final Kernel kernel, final boolean appendSends, final boolean datagrams) {
        this.kernel = kernel;
        this.arena = kernel.arena();
        this.stats = kernel.stats();
        this.appendSends = appendSends;
        this.datagrams = datagrams;
    }

    /** Bytes queued (FIONREAD of a stream socket; a UDP socket's FIONREAD is {@link #firstDatagram()}). */
    public long bytes() {
        return bytes;
    }

    /** Bytes that can still be queued. */
    public long room() {
        return CAPACITY - bytes;
    }

    /** Fragments queued. */
    public int fragments() {
        return count;
    }

    /** Nothing to read: no fragment (a stream), no complete datagram (UDP). */
    public boolean isEmpty() {
        return datagrams ? datagramCount == 0 : count == 0;
    }

    /**
     * {@code sendmsg} from the peer: copies up to {@link #room()} of {@code len} bytes of {@code data}
     * from {@code from} into pages. Returns the bytes queued (fewer also when the arena is exhausted:
     * {@link #outOfFrames()} then says so).
     */
    public int deliver(final byte[] data, final int from, final int len) {
        outOfFrames = false;
        final int want = (int) Math.min(len, room());
        int done = appendToTail(data, from, want);
        while (done < want) {
            final long ref = kernel.allocPage();
            if (ref == PageRef.NULL) {
                outOfFrames = true;
                break;
            }
            final int n = Math.min(PAGE, want - done);
            arena.write(ref, 0, data, from + done, n);
            push(ref, 0, n, true);
            stats.pagesCopied.increment();
            done += n;
        }
        stats.bytesCopied.add(done);
        return done;
    }

    /** Whether the last {@link #deliver} stopped because the arena had no page left. */
    public boolean outOfFrames() {
        return outOfFrames;
    }

    /**
     * {@code sendmsg(MSG_SPLICE_PAGES)}: whole entries of {@code in} become fragments while they fit; when
     * the first does not fit, a prefix of it fills the room. The references of everything not accepted
     * are put and {@code in} is released. Returns the bytes accepted (from the front of the vector).
     */
    public long accept(final PageVector in) {
        final long before = bytes;
        int i = 0;
        for (; i < in.count() && in.len(i) <= room(); i++) {
            if (!enqueue(in, i, in.len(i))) {
                break;
            }
        }
        if (i == 0 && in.count() > 0 && in.len(0) > room() && room() > 0 && enqueue(in, 0, (int) room())) {
            i = 1;
        }
        in.discard(arena, i);
        return bytes - before;
    }

    /**
     * One step of a blocking {@code sendmsg(MSG_SPLICE_PAGES)}, which queues all of its vector before it
     * returns, waiting for room between steps ({@code unix_stream_sendmsg} and {@code tcp_sendmsg_locked}
     * loop on {@code sock_alloc_send_pskb} / {@code sk_stream_wait_memory}). Queues what fits of entry
     * {@code i} of {@code in} from byte {@code skip}. When the entry's rest fits, its reference moves to the
     * queue; otherwise the prefix takes a reference of its own and the vector keeps its reference for the
     * rest. Returns the bytes queued: 0 when the queue is full, when a zero-page entry found no frame
     * ({@link #outOfFrames()} then says so) or when the page refused another reference (its limit).
     */
    public int acceptEntry(final PageVector in, final int i, final int skip) {
        outOfFrames = false;
        final int rest = in.len(i) - skip;
        final int n = (int) Math.min(rest, room());
        if (rest == 0) {
            if (in.ops(i) != OpsKind.ZERO) {
                arena.put(in.ref(i));
            }
            return 0;
        }
        if (n == 0) {
            return 0;
        }
        if (in.ops(i) == OpsKind.ZERO) {
            if (!enqueueZeros(n)) {
                outOfFrames = true;
                return 0;
            }
            return n;
        }
        if (n < rest && !arena.get(in.ref(i))) {
            return 0;
        }
        push(in.ref(i), in.offset(i) + skip, n, false);
        stats.bytesByReference.add(n);
        stats.pagesByReference.increment();
        return n;
    }

    /** {@code recvmsg}: copies up to {@code len} bytes from the front, putting fragments fully consumed. */
    public byte[] read(final int len) {
        final byte[] out = new byte[(int) Math.min(Math.max(len, 0), bytes)];
        read(out.length, out, org.splicelab.memory.PageRef.NULL);
        return out;
    }

    /** {@link #read} into a load run's user buffer page ({@link UserBuffer}): nothing on the heap. Returns the bytes. */
    public int readInto(final int len, final long userPage) {
        final int n = (int) Math.min(Math.max(len, 0), bytes);
        read(n, null, userPage);
        return n;
    }

    private void read(final int total, final byte[] out, final long userPage) {
        for (int done = 0; done < total; ) {
            final int at = slot(0);
            final int n = Math.min(lens[at], total - done);
            if (out != null) {
                arena.read(refs[at], offsets[at], out, done, n);
            } else {
                UserBuffer.copy(arena, refs[at], offsets[at], userPage, done, n);
            }
            consume(at, n, true, true);
            done += n;
        }
    }

    /**
     * {@code skb_splice_bits}: hands at most {@code maxLen} bytes in at most {@code maxBufs} entries to
     * {@code out} as {@link OpsKind#NOSTEAL} buffers. A whole fragment transfers its reference; a partly
     * taken one gets an extra reference for the pipe and is advanced. Returns the bytes added.
     */
    public long spliceOut(final long maxLen, final int maxBufs, final PageVector out) {
        final boolean privatePages = kernel.policy().pipesHoldOnlyPrivatePages();
        long done = 0;
        for (int bufs = Math.min(maxBufs, out.remaining()); count > 0 && done < maxLen && bufs > 0; bufs--) {
            final int at = slot(0);
            final int n = (int) Math.min(lens[at], maxLen - done);
            if (privatePages) {
                if (!copyRefusedSteal(at, n, out)) {
                    break;
                }
            } else {
                if (n < lens[at] && !arena.get(refs[at])) {
                    break;
                }
                out.add(refs[at], offsets[at], n, 0, OpsKind.NOSTEAL);
                consume(at, n, false, true);
            }
            done += n;
        }
        return done;
    }

    /**
     * private-pages: a pipe holds only private pages, and a socket's pages are never stolen
     * ({@code nosteal_pipe_buf_ops} has no try_steal; the fragment may even be a page-cache page that
     * sendfile lent the socket): the steal is refused ({@link KernelStats.StealFailure#SOCKET}) and the
     * piece is copied into a fresh private page. False when no page is left for the copy.
     */
    private boolean copyRefusedSteal(final int at, final int n, final PageVector out) {
        stats.stealsTried.increment();
        stats.stealFailed(KernelStats.StealFailure.SOCKET);
        final long copy = kernel.allocPage();
        if (copy == PageRef.NULL) {
            return false;
        }
        arena.copy(refs[at], offsets[at], copy, 0, n);
        out.add(copy, 0, n, 0, OpsKind.DEFAULT);   // counted as copied where it enters the pipe
        consume(at, n, true, true);
        return true;
    }

    // ------------------------------------------------------------------ UDP datagrams

    /** UDP FIONREAD ({@code SIOCINQ}): the length of the first complete datagram, 0 when none. */
    public long firstDatagram() {
        return datagramCount == 0 ? 0 : datagramLens[datagramHead];
    }

    /** The outcome of a UDP send: the bytes sent, or an error with nothing sent. */
    public static final long EMSGSIZE = -1;
    /** No page could be allocated for the datagram's copy. */
    public static final long NO_MEMORY = -2;

    /**
     * A UDP {@code sendmsg} of {@code data} (a copy into fresh pages). {@code more} (MSG_MORE) corks it
     * behind the datagram being built; otherwise it completes that datagram. A datagram over
     * {@link SocketKind#MAX_DATAGRAM} is EMSGSIZE and the corked data is dropped with it
     * ({@code udp_flush_pending_frames}); a complete datagram that finds the queue over its capacity is
     * dropped, the send still succeeds (counted as {@link KernelStats.Discard#DATAGRAM_DROPPED}).
     */
    public long sendDatagram(final byte[] data, final boolean more) {
        if ((long) corked + data.length > SocketKind.MAX_DATAGRAM) {
            dropCorked();
            return EMSGSIZE;
        }
        for (int done = 0; done < data.length; ) {
            final long ref = kernel.allocPage();
            if (ref == PageRef.NULL) {
                dropCorked();
                return NO_MEMORY;
            }
            final int n = Math.min(PAGE, data.length - done);
            arena.write(ref, 0, data, done, n);
            push(ref, 0, n, true);
            stats.pagesCopied.increment();
            stats.bytesCopied.add(n);
            corked += n;
            done += n;
        }
        if (!more) {
            completeDatagram();
        }
        return data.length;
    }

    /**
     * A UDP {@code sendmsg(MSG_SPLICE_PAGES)}: every entry of {@code in} joins the datagram being built
     * by reference ({@code __ip_append_data} over a device that can scatter-gather: loopback), as
     * {@link #sendDatagram} says for MSG_MORE, EMSGSIZE (every reference put) and a full queue.
     */
    public long sendDatagram(final PageVector in, final long bytes, final boolean more) {
        if (corked + bytes > SocketKind.MAX_DATAGRAM) {
            in.discard(arena);
            dropCorked();
            return EMSGSIZE;
        }
        int i = 0;
        for (; i < in.count(); i++) {
            if (!enqueue(in, i, in.len(i))) {
                break;
            }
            corked += in.len(i);
        }
        in.discard(arena, i);
        if (i < in.count()) {
            dropCorked();
            return NO_MEMORY;
        }
        if (!more) {
            completeDatagram();
        }
        return bytes;
    }

    /** {@code udp_recvmsg}: the first datagram's first {@code len} bytes; the rest of it is dropped. */
    public byte[] readDatagram(final int len) {
        final int first = (int) firstDatagram();
        final byte[] out = new byte[Math.min(Math.max(len, 0), first)];
        read(out.length, out, PageRef.NULL);
        endDatagram(first, out.length);
        return out;
    }

    /** {@link #readDatagram} into a load run's user page. Returns the bytes. */
    public int readDatagramInto(final int len, final long userPage) {
        final int first = (int) firstDatagram();
        final int n = Math.min(Math.max(len, 0), first);
        read(n, null, userPage);
        endDatagram(first, n);
        return n;
    }

    /**
     * {@code copy_splice_read} of a UDP socket: fresh pages for at most {@code maxLen} bytes in at most
     * {@code maxBufs} pages, one datagram read into them ({@link OpsKind#DEFAULT}, flags 0), the rest of
     * the datagram dropped. Returns the bytes, or {@link #NO_MEMORY} when not one page could be had.
     */
    public long spliceDatagram(final long maxLen, final int maxBufs, final PageVector out) {
        final int first = (int) firstDatagram();
        final int want = (int) Math.min(Math.min(first, maxLen), (long) Math.min(maxBufs, out.remaining()) * PAGE);
        int done = 0;
        while (done < want) {
            final long copy = kernel.allocPage();
            if (copy == PageRef.NULL) {
                if (done == 0) {
                    return NO_MEMORY;
                }
                break;
            }
            final int n = Math.min(PAGE, want - done);
            int filled = 0;
            while (filled < n) {
                final int head = slot(0);
                final int m = Math.min(lens[head], n - filled);
                arena.copy(refs[head], offsets[head], copy, filled, m);
                consume(head, m, true, true);
                filled += m;
            }
            out.add(copy, 0, n, 0, OpsKind.DEFAULT);   // counted as copied where it enters the pipe
            done += n;
        }
        endDatagram(first, done);
        return done;
    }

    /** {@code udp_push_pending_frames} (udp_splice_eof): the corked datagram, if any, is sent. */
    public void pushCorked() {
        if (corked > 0) {
            completeDatagram();
        }
    }

    private void completeDatagram() {
        if (datagramCount == datagramLens.length) {
            final int[] bigger = new int[datagramLens.length * 2];
            for (int i = 0; i < datagramCount; i++) {
                bigger[i] = datagramLens[(datagramHead + i) & (datagramLens.length - 1)];
            }
            datagramLens = bigger;
            datagramHead = 0;
        }
        final int len = corked;
        corked = 0;
        if (bytes - len > CAPACITY) {
            // __udp_enqueue_schedule_skb: the receive queue is already over sk_rcvbuf (charged here in payload)
            dropTail(len);
            stats.discarded(KernelStats.Discard.DATAGRAM_DROPPED, len);
            return;
        }
        datagramLens[(datagramHead + datagramCount) & (datagramLens.length - 1)] = len;
        datagramCount++;
    }

    /** The first datagram was {@code first} bytes and {@code taken} of them were delivered: drop the rest. */
    private void endDatagram(final int first, final int taken) {
        if (datagramCount == 0) {
            return;
        }
        int rest = first - taken;
        if (rest > 0) {
            stats.discarded(KernelStats.Discard.DATAGRAM_TRUNCATED, rest);
        }
        while (rest > 0) {
            final int at = slot(0);
            final int m = Math.min(lens[at], rest);
            consume(at, m, true, false);
            rest -= m;
        }
        datagramHead = (datagramHead + 1) & (datagramLens.length - 1);
        datagramCount--;
    }

    private void dropCorked() {
        if (corked > 0) {
            stats.discarded(KernelStats.Discard.DATAGRAM_DROPPED, corked);
            dropTail(corked);
            corked = 0;
        }
    }

    /** Puts the last fragments, {@code len} bytes of them (a datagram that is not queued after all). */
    private void dropTail(final int len) {
        for (int left = len; left > 0 && count > 0; ) {
            final int at = slot(count - 1);
            final int m = Math.min(lens[at], left);
            bytes -= m;
            left -= m;
            if (m < lens[at]) {
                lens[at] -= m;
                continue;
            }
            arena.put(refs[at]);
            refs[at] = PageRef.NULL;
            count--;
        }
    }

    /** Puts every queued fragment (the end closed or was reset, or its actor stopped), counting why. */
    public void clear(final KernelStats.Discard cause) {
        if (bytes > 0) {
            stats.discarded(cause, bytes);
        }
        datagramCount = 0;
        datagramHead = 0;
        corked = 0;
        while (count > 0) {
            final int at = slot(0);
            if (Mutant.DOUBLE_PUT_SOCKET_FRAGMENTS_ON_CLOSE.on()) {
                arena.put(refs[at]);   // the mutant (docs/mutation.md): each fragment put twice
            }
            consume(at, lens[at], true, false);
        }
    }

    // ------------------------------------------------------------------ internals

    /** Appends to the tail page when the queue filled it and holds its only reference. */
    private int appendToTail(final byte[] data, final int from, final int want) {
        if (count == 0 || want == 0 || !appendSends) {
            return 0;
        }
        final int tail = slot(count - 1);
        final int end = offsets[tail] + lens[tail];
        if (!copied[tail] || end == PAGE || arena.refCount(refs[tail]) != 1) {
            return 0;
        }
        final int n = Math.min(PAGE - end, want);
        arena.write(refs[tail], end, data, from, n);
        lens[tail] += n;
        bytes += n;
        stats.bytesIn.add(n);
        return n;
    }

    /** Queues {@code len} bytes of entry {@code i}, keeping its reference; false when a page is unavailable. */
    private boolean enqueue(final PageVector in, final int i, final int len) {
        if (len == 0) {
            return true;
        }
        if (in.ops(i) == OpsKind.ZERO) {
            return enqueueZeros(len);
        }
        push(in.ref(i), in.offset(i), len, false);
        stats.bytesByReference.add(len);
        stats.pagesByReference.increment();
        return true;
    }

    /** The shared zero page cannot be referenced: its bytes are copied into a fresh zeroed page. */
    private boolean enqueueZeros(final int len) {
        final long ref = kernel.allocPage();
        if (ref == PageRef.NULL) {
            return false;
        }
        arena.fill(ref, 0, len, (byte) 0);
        push(ref, 0, len, true);
        stats.bytesCopied.add(len);
        stats.pagesCopied.increment();
        return true;
    }

    /** Takes {@code n} bytes off fragment {@code at} (the head); a fully taken one leaves the queue. */
    private void consume(final int at, final int n, final boolean put, final boolean delivered) {
        bytes -= n;
        if (delivered) {
            stats.bytesOut.add(n);
        }
        if (n < lens[at]) {
            offsets[at] += n;
            lens[at] -= n;
            return;
        }
        if (put) {
            arena.put(refs[at]);
        }
        refs[at] = PageRef.NULL;
        head = slot(1);
        count--;
    }

    private void push(final long ref, final int offset, final int len, final boolean ownCopy) {
        if (count == refs.length) {
            grow();
        }
        final int at = slot(count);
        refs[at] = ref;
        offsets[at] = offset;
        lens[at] = len;
        copied[at] = ownCopy;
        count++;
        bytes += len;
        stats.bytesIn.add(len);
        stats.socketPages.increment();
        if (ownCopy) {
            stats.socketPagesCopied.increment();
        }
    }

    private void grow() {
        final int n = refs.length * 2;
        final long[] r = new long[n];
        final int[] o = new int[n];
        final int[] l = new int[n];
        final boolean[] c = new boolean[n];
        for (int i = 0; i < count; i++) {
            final int at = slot(i);
            r[i] = refs[at];
            o[i] = offsets[at];
            l[i] = lens[at];
            c[i] = copied[at];
        }
        refs = r;
        offsets = o;
        lens = l;
        copied = c;
        head = 0;
    }

    private int slot(final int i) {
        return (head + i) & (refs.length - 1);
    }
}
