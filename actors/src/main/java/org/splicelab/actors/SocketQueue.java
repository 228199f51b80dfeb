package org.splicelab.actors;

import org.splicelab.memory.Mutant;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageRef;
import org.splicelab.protocols.OpsKind;
import org.splicelab.protocols.PageVector;

/**
 * One socket end's receive queue ({@code sk_receive_queue}) as a FIFO of page fragments
 * {PageRef, offset, len}, each holding one reference. Filled by the peer's {@code sendmsg} (bytes copied
 * into fresh pages; a small send is appended to the tail page when only the queue holds it, as
 * {@code skb_copy_to_page_nocache} into {@code sk_page_frag} does) or {@code sendmsg(MSG_SPLICE_PAGES)}
 * (the references are kept: {@code skb_splice_from_iter}); drained by {@code recvmsg} (a copy) or
 * {@code skb_splice_bits} (references handed to a pipe as {@link OpsKind#NOSTEAL} buffers).
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

    public SocketQueue(final Kernel kernel) {
        this(kernel, true);
    }

    /**
     * {@code appendSends}: a send may fill the tail page of the previous one (TCP: tcp_sendmsg appends to
     * the last skb's page fragment, and the receive queue coalesces). AF_UNIX stream makes a new skb per
     * send, so a splice into a pipe takes one buffer per send (observed on 6.18: three 2-byte sends into a
     * two-slot pipe splice as 4 bytes, TCP's as 6).
     */
    public SocketQueue(final Kernel kernel, final boolean appendSends) {
        this.kernel = kernel;
        this.arena = kernel.arena();
        this.stats = kernel.stats();
        this.appendSends = appendSends;
    }

    /** Bytes queued (FIONREAD). */
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

    public boolean isEmpty() {
        return count == 0;
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
        long done = 0;
        for (int bufs = Math.min(maxBufs, out.remaining()); count > 0 && done < maxLen && bufs > 0; bufs--) {
            final int at = slot(0);
            final int n = (int) Math.min(lens[at], maxLen - done);
            if (n < lens[at] && !arena.get(refs[at])) {
                break;
            }
            out.add(refs[at], offsets[at], n, 0, OpsKind.NOSTEAL);
            consume(at, n, false, true);
            done += n;
        }
        return done;
    }

    /** Puts every queued fragment (the end closed or was reset, or its actor stopped), counting why. */
    public void clear(final KernelStats.Discard cause) {
        if (bytes > 0) {
            stats.discarded(cause, bytes);
        }
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
