package org.splicelab.actors;

import org.splicelab.actors.iter.PipeBuffers;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageFlags;
import org.splicelab.memory.PageRef;
import org.splicelab.memory.Violation;
import org.splicelab.protocols.Errno;
import org.splicelab.protocols.OpsKind;
import org.splicelab.protocols.PageVector;
import org.splicelab.protocols.PipeBufFlag;

/**
 * A pipe's ring of buffers ({@code pipe_inode_info.bufs}, {@code head}, {@code tail}, {@code max_usage}):
 * what {@code pipe_read}, {@code pipe_write}, splice and tee do to the slots, with no Akka in sight.
 * Confined to its {@link PipeActor}.
 *
 * <p>Slots keep their {@code flags} word after release, as the kernel's array does: a producer that
 * forgets to initialise it (the {@code dirty-pipe} model) sees the stale value. Each occupied slot
 * owns one page reference (none for {@link OpsKind#ZERO}). The one ring of a pipe: the ITER_PIPE
 * iterators ({@code actors/iter}) write into these slots through {@link PipeBuffers} (ADR 0015).
 */
public final class PipeRing implements PipeBuffers {
    /** Default ring: 16 slots = 64 KiB (PIPE_DEF_BUFFERS). */
    static final int DEFAULT_SLOTS = 16;
    /** fs.pipe-max-size for an unprivileged process: 1 MiB. */
    static final long PIPE_MAX_SIZE = 1 << 20;
    private static final byte EMPTY = -1;
    private static final int DUPLICATE_CLEARS = PipeBufFlag.GIFT.bit() | PipeBufFlag.CAN_MERGE.bit();

    private final Kernel kernel;
    private final PageArena arena;
    private int ringSize;
    private int head;
    private int tail;
    private boolean outOfFrames;
    /** The pages {@link #writeCopies} writes into, while it runs. */
    private long[] reserved;
    private int reservedCount;
    private int reservedNext;
    private long[] page;
    private int[] offset;
    private int[] len;
    private int[] flags;
    private byte[] ops;
    /** pipe_buffer.private: what a relay buffer's release accounts as consumed (0 for the other kinds). */
    private int[] priv;
    /** For zero-copy buffers: the page's modification count when it entered the pipe (-1: not tracked). */
    private int[] version;
    /** Bytes in and out not yet added to the kernel's figures (added once per message: {@link #flushStats}). */
    private long pendingIn;
    private long pendingOut;
    /** Writes into IN_PAGE_CACHE pages made through this pipe (reported as violations too). */
    private long pageCacheWrites;
    /** A notification pipe's watch queue, or null for a plain pipe. */
    private WatchQueue watch;
    private final ArraySource arraySource = new ArraySource();
    private final VectorSource vectorSource = new VectorSource();

    /** A ring of {@code slots} buffers (a power of two) in {@code kernel}'s arena, asking its model. */
    public PipeRing(final Kernel kernel, final int slots) {
        this.kernel = kernel;
        this.arena = kernel.arena();
        allocate(slots);
    }

    private void allocate(final int slots) {
        ringSize = slots;
        page = new long[slots];
        offset = new int[slots];
        len = new int[slots];
        flags = new int[slots];
        ops = new byte[slots];
        priv = new int[slots];
        version = new int[slots];
        java.util.Arrays.fill(ops, EMPTY);
    }

    int freeSlots() {
        return Math.max(0, ringSize - occupancy());
    }

    boolean isEmpty() {
        return head == tail;
    }

    /** F_GETPIPE_SZ. */
    long sizeBytes() {
        return (long) ringSize * PAGE;
    }

    /** FIONREAD: the sum of the buffers' lengths. */
    long queuedBytes() {
        long sum = 0;
        for (int i = tail; i != head; i++) {
            sum += len[slot(i)];
        }
        return sum;
    }

    /**
     * Adds one buffer at {@code head}; the ring now owns {@code ref}. With {@code initFlags} false the
     * slot keeps whatever flags its previous buffer left (the Dirty Pipe bug of copy_page_to_iter_pipe).
     */
    void insert(final long ref, final int off, final int length, final int bufFlags, final OpsKind kind,
                final boolean initFlags) {
        insert(ref, off, length, bufFlags, kind, initFlags, 0);
    }

    /** {@link #insert(long, int, int, int, OpsKind, boolean)} with the buffer's {@code private} word. */
    void insert(final long ref, final int off, final int length, final int bufFlags, final OpsKind kind,
                final boolean initFlags, final int bufPrivate) {
        if (isFull()) {
            throw new IllegalStateException("insert into a full pipe ring");
        }
        final int s = slot(head);
        page[s] = ref;
        offset[s] = off;
        len[s] = length;
        if (initFlags) {
            flags[s] = bufFlags;
        }
        ops[s] = (byte) kind.ordinal();
        priv[s] = bufPrivate;
        pendingIn += length;
        version[s] = kind == OpsKind.PAGE_CACHE || kind == OpsKind.USER_PAGE ? arena.version(ref) : -1;
        head++;
    }

    /**
     * Adds a buffer a splice-read produced (filemap_splice_read, copy_page_to_iter_pipe, push_pipe):
     * whether its flags word is written is the kernel model's answer ({@code dirty-pipe}: not for
     * page-cache pages), the one place a stale flag enters a pipe.
     */
    void insertSpliced(final long ref, final int off, final int length, final int bufFlags, final OpsKind kind) {
        insertSpliced(ref, off, length, bufFlags, kind, 0);
    }

    /** {@link #insertSpliced(long, int, int, int, OpsKind)} with the buffer's {@code private} word. */
    void insertSpliced(final long ref, final int off, final int length, final int bufFlags, final OpsKind kind,
                       final int bufPrivate) {
        insert(ref, off, length, bufFlags, kind, kernel.policy().initialisesFlags(kind), bufPrivate);
    }

    /**
     * Counts the buffers from ring index {@code from} to the head, as a source's buffers are counted when
     * they enter the pipe: private copies ({@code default} ops without LRU: not stolen) as copied, the
     * rest as moved by reference.
     */
    void countArrivals(final int from) {
        long copiedBytes = 0;
        int copiedPages = 0;
        long referencedBytes = 0;
        int referencedPages = 0;
        for (int i = from; i != head; i++) {
            final int s = slot(i);
            if (ops[s] == OpsKind.DEFAULT.ordinal() && !PipeBufFlag.LRU.in(flags[s])) {
                copiedBytes += len[s];
                copiedPages++;
            } else {
                referencedBytes += len[s];
                referencedPages++;
            }
        }
        if (copiedPages > 0) {
            kernel.stats().bytesCopied.add(copiedBytes);
            kernel.stats().pagesCopied.add(copiedPages);
        }
        if (referencedPages > 0) {
            kernel.stats().bytesByReference.add(referencedBytes);
            kernel.stats().pagesByReference.add(referencedPages);
        }
    }

    /**
     * Counts a read of a zero-copy buffer whose page changed after it entered the pipe (once per
     * buffer): the reader sees the page at read time, not at splice time (SEMANTICS §2.1, R1).
     */
    private void noteChange(final int s) {
        if (version[s] >= 0 && arena.version(page[s]) != version[s]) {
            kernel.stats().postSpliceChanges.increment();
            version[s] = -1;
        }
    }

    /**
     * pipe_write without the waiting: the merge step (SEMANTICS §2.10), then one fresh anonymous page
     * per free slot. Returns the bytes written from {@code data[from..]}, or -1 when a page could not be
     * allocated before anything was written (ENOMEM). {@link #outOfFrames()} tells afterwards whether it
     * stopped for want of a page (pipe_write then returns what it wrote instead of waiting for room).
     *
     * @param mergeAllowed only the first round of a write(2) call may merge
     */
    int write(final byte[] data, final int from, final boolean mergeAllowed) {
        return write(data, from, data.length - from, mergeAllowed);
    }

    /** {@link #write(byte[], int, boolean)} of {@code data[from, from + total)}. */
    int write(final byte[] data, final int from, final int total, final boolean mergeAllowed) {
        arraySource.data = data;
        arraySource.from = from;
        try {
            return write(arraySource, total, mergeAllowed);
        } finally {
            arraySource.data = null;
        }
    }

    /**
     * pipe_write of the bytes of {@code v}'s buffers (the {@code copy} model's splice: read + write),
     * copied page to page; {@code v} keeps its references. Returns as {@link #write(byte[], int, boolean)}.
     */
    int writeFrom(final PageVector v, final boolean mergeAllowed) {
        vectorSource.start(v);
        try {
            return write(vectorSource, (int) v.bytes(), mergeAllowed);
        } finally {
            vectorSource.vector = null;
        }
    }

    /**
     * The {@code copy} model's splice into the pipe: {@link #writeFrom}, but its new buffers are the pages
     * {@code pages[0..count)} allocated before the source was read (as copy_splice_read does), never a
     * fresh allocation; each page used becomes the ring's and its entry is set to {@link PageRef#NULL}.
     * Returns the bytes written.
     */
    int writeCopies(final PageVector v, final long[] pages, final int count) {
        reserved = pages;
        reservedCount = count;
        reservedNext = 0;
        try {
            return Math.max(0, writeFrom(v, true));
        } finally {
            reserved = null;
        }
    }

    /** The next page for a write: a reserved one ({@link #writeCopies}), else a fresh allocation. */
    private long nextPage() {
        if (reserved == null) {
            return kernel.allocPage();
        }
        if (reservedNext == reservedCount) {
            return PageRef.NULL;
        }
        final long ref = reserved[reservedNext];
        reserved[reservedNext++] = PageRef.NULL;
        return ref;
    }

    private int write(final Source src, final int total, final boolean mergeAllowed) {
        outOfFrames = false;
        int written = 0;
        final int chars = total & (PAGE - 1);
        if (mergeAllowed && chars != 0 && !isEmpty()) {
            final int s = slot(head - 1);
            if ((flags[s] & PipeBufFlag.CAN_MERGE.bit()) != 0 && offset[s] + len[s] + chars <= PAGE) {
                checkMergeTarget(s);
                src.copyTo(page[s], offset[s] + len[s], 0, chars);
                len[s] += chars;
                written = chars;
                kernel.stats().bytesIn.add(chars);
                kernel.stats().bytesCopied.add(chars);
            }
        }
        while (written < total && !isFull()) {
            final long ref = nextPage();
            if (ref == PageRef.NULL) {
                outOfFrames = true;
                return written == 0 ? -1 : written;
            }
            final int n = Math.min(PAGE, total - written);
            src.copyTo(ref, 0, written, n);
            arena.setFlags(ref, PageFlags.ANON);
            insert(ref, 0, n, PipeBufFlag.CAN_MERGE.bit(), OpsKind.ANON, true);
            written += n;
            kernel.stats().bytesCopied.add(n);
            kernel.stats().pagesCopied.increment();
        }
        return written;
    }

    /** Where pipe_write's bytes come from, in order: {@code copyTo} is called with increasing {@code at}. */
    private interface Source {
        /** Copies the source's bytes {@code [at, at + n)} to page {@code ref} at {@code off}. */
        void copyTo(long ref, int off, int at, int n);
    }

    /** write(2)'s heap buffer (one per ring, reused). */
    private final class ArraySource implements Source {
        byte[] data;
        int from;

        @Override
        public void copyTo(final long ref, final int off, final int at, final int n) {
            arena.write(ref, off, data, from + at, n);
        }
    }

    /** A source's page buffers, read in order (one per ring, reused). */
    private final class VectorSource implements Source {
        PageVector vector;
        private int entry;
        private int inEntry;

        void start(final PageVector v) {
            vector = v;
            entry = 0;
            inEntry = 0;
        }

        @Override
        public void copyTo(final long ref, final int off, final int at, final int n) {
            int done = 0;
            while (done < n) {
                final int chunk = Math.min(n - done, vector.len(entry) - inEntry);
                arena.copy(vector.ref(entry), vector.offset(entry) + inEntry, ref, off + done, chunk);
                done += chunk;
                inEntry += chunk;
                if (inEntry == vector.len(entry)) {
                    entry++;
                    inEntry = 0;
                }
            }
        }
    }

    /** Whether the last {@link #write} stopped because the arena had no page left. */
    boolean outOfFrames() {
        return outOfFrames;
    }

    /** The invariant checker at the merge step: CAN_MERGE must only ever mark pipe-private anon pages. */
    private void checkMergeTarget(final int s) {
        final long ref = page[s];
        final boolean inPageCache = arena.hasFlags(ref, PageFlags.IN_PAGE_CACHE);
        if (inPageCache) {
            pageCacheWrites++;
        }
        if (inPageCache || OpsKind.ofOrdinal(ops[s]) != OpsKind.ANON) {
            kernel.violation(Violation.PAGE_CACHE_WRITTEN_THROUGH_PIPE, ref, "pipe_write merge",
                "buffer ops=" + OpsKind.ofOrdinal(ops[s]) + " flags=" + PipeBufFlag.toString(flags[s])
                    + " file=" + arena.owner(ref) + " index=" + arena.index(ref)
                    + " window=" + offset[s] + "+" + len[s]);
        }
    }

    /**
     * pipe_read without the waiting: copies up to {@code max} bytes from the front, releasing emptied
     * buffers; stops after a PACKET buffer.
     */
    byte[] read(final int max) {
        final int n = (int) Math.min(max, queuedBytes());
        final byte[] out = new byte[n];
        final int got = read(n, out, PageRef.NULL);
        return got == n ? out : java.util.Arrays.copyOf(out, got);
    }

    /** {@link #read(int)} into a load run's user buffer page ({@link UserBuffer}): nothing on the heap. Returns the bytes. */
    int readInto(final int max, final long userPage) {
        return read((int) Math.min(max, queuedBytes()), null, userPage);
    }

    private int read(final int n, final byte[] out, final long userPage) {
        int got = 0;
        while (got < n && !isEmpty()) {
            final int s = slot(tail);
            final int chars = Math.min(n - got, len[s]);
            noteChange(s);
            if (out != null) {
                arena.read(page[s], offset[s], out, got, chars);
            } else {
                UserBuffer.copy(arena, page[s], offset[s], userPage, got, chars);
            }
            offset[s] += chars;
            len[s] -= chars;
            got += chars;
            kernel.stats().bytesOut.add(chars);
            final boolean packet = (flags[s] & PipeBufFlag.PACKET.bit()) != 0;
            if (len[s] == 0 || packet) {
                if (len[s] > 0) {
                    kernel.stats().discarded(KernelStats.Discard.PACKET_TAIL, len[s]);
                }
                releaseTail();
            }
            if (packet) {
                break;
            }
        }
        return got;
    }

    /**
     * The front buffers, up to {@code maxLen} bytes in at most {@code maxBufs} entries, into {@code out}
     * with one new reference each (the pipe keeps its own until {@link #consume}). Returns the bytes,
     * or -1 when a reference could not be taken before any was (EFAULT).
     */
    long share(final long maxLen, final int maxBufs, final PageVector out) {
        long bytes = 0;
        int bufs = 0;
        for (int i = tail; i != head && bytes < maxLen && bufs < maxBufs && out.remaining() > 0; i++) {
            final int s = slot(i);
            final int n = (int) Math.min(len[s], maxLen - bytes);
            if (!duplicate(s)) {
                return bytes == 0 ? -1 : bytes;
            }
            noteChange(s);
            out.add(page[s], offset[s], n, flags[s], OpsKind.ofOrdinal(ops[s]), priv[s]);
            bytes += n;
            bufs++;
        }
        return bytes;
    }

    /** Consumes {@code bytes} from the front: emptied buffers are released, a partial one is trimmed. */
    void consume(final long bytes) {
        long left = bytes;
        while (left > 0 && !isEmpty()) {
            final int s = slot(tail);
            final int n = (int) Math.min(left, len[s]);
            offset[s] += n;
            len[s] -= n;
            left -= n;
            pendingOut += n;
            if (len[s] == 0) {
                releaseTail();
            }
        }
    }

    /**
     * splice pipe → pipe, the input side (SEMANTICS §2.3): whole buffers move (reference and flags
     * transferred, slot emptied without a put); a partial one is duplicated with GIFT and CAN_MERGE
     * cleared. With {@code tee} (§2.4) every buffer is duplicated and nothing is consumed. Under
     * {@code private-pages} a duplicate is a fresh copy, never a shared reference.
     * Returns the bytes, or -1 on EFAULT before anything was done.
     */
    long transfer(final long maxLen, final int maxSlots, final boolean tee, final PageVector out) {
        long bytes = 0;
        int i = tail;
        while (i != head && bytes < maxLen && out.count() < maxSlots && out.remaining() > 0) {
            final int s = slot(i);
            final long left = maxLen - bytes;
            if (!tee && left >= len[s]) {
                out.add(page[s], offset[s], len[s], flags[s], OpsKind.ofOrdinal(ops[s]), priv[s]);
                kernel.stats().bytesByReference.add(len[s]);
                kernel.stats().pagesByReference.increment();
                kernel.stats().bytesOut.add(len[s]);
                bytes += len[s];
                ops[s] = EMPTY;
                tail++;
                i = tail;
                continue;
            }
            final int n = (int) Math.min(left, len[s]);
            if (kernel.policy().duplicatesByCopy()) {
                // pipes hold only private pages: a duplicate is a copy (tee; the partial pipe→pipe piece)
                final long copy = kernel.allocPage();
                if (copy == PageRef.NULL) {
                    return bytes == 0 ? -1 : bytes;
                }
                arena.copy(page[s], offset[s], copy, 0, n);
                kernel.stats().bytesCopied.add(n);
                kernel.stats().pagesCopied.increment();
                out.add(copy, 0, n, 0, OpsKind.DEFAULT);
            } else {
                if (!duplicate(s)) {
                    return bytes == 0 ? -1 : bytes;
                }
                // *obuf = *ibuf: the duplicate keeps private (a relay buffer is accounted once per release)
                out.add(page[s], offset[s], n, flags[s] & ~DUPLICATE_CLEARS, OpsKind.ofOrdinal(ops[s]), priv[s]);
                kernel.stats().bytesByReference.add(n);
                kernel.stats().pagesByReference.increment();
            }
            bytes += n;
            if (tee) {
                i++;
            } else {
                offset[s] += n;
                len[s] -= n;
                kernel.stats().bytesOut.add(n);
                break;
            }
        }
        return bytes;
    }

    /**
     * F_SETPIPE_SZ's ring resize: false (EBUSY) when fewer slots than occupied; else the occupied
     * buffers move to the front of a fresh ring (whose flag words start at 0).
     */
    boolean resize(final int slots) {
        if (occupancy() > slots) {
            return false;
        }
        final long[] p = page;
        final int[] o = offset;
        final int[] l = len;
        final int[] f = flags;
        final byte[] k = ops;
        final int[] v = version;
        final int mask = ringSize - 1;
        final int n = occupancy();
        final int oldTail = tail;
        allocate(slots);
        for (int i = 0; i < n; i++) {
            final int from = (oldTail + i) & mask;
            page[i] = p[from];
            offset[i] = o[from];
            len[i] = l[from];
            flags[i] = f[from];
            ops[i] = k[from];
            version[i] = v[from];
        }
        tail = 0;
        head = n;
        return true;
    }

    /** Releases every buffer (the pipe is destroyed or restarted), counting its bytes as discarded. */
    void releaseAll(final KernelStats.Discard cause) {
        final long queued = queuedBytes();
        if (queued > 0) {
            kernel.stats().discarded(cause, queued);
        }
        while (!isEmpty()) {
            releaseTail();
        }
    }

    /** Adds the bytes inserted and consumed since the last call to the kernel's figures. */
    void flushStats() {
        if (pendingIn != 0) {
            kernel.stats().bytesIn.add(pendingIn);
            pendingIn = 0;
        }
        if (pendingOut != 0) {
            kernel.stats().bytesOut.add(pendingOut);
            pendingOut = 0;
        }
    }

    /** A readable dump of the occupied slots, for traces. */
    @Override
    public String describe() {
        final StringBuilder sb = new StringBuilder("[");
        for (int i = tail; i != head; i++) {
            final int s = slot(i);
            sb.append(i == tail ? "" : ", ").append(OpsKind.ofOrdinal(ops[s])).append(' ')
                .append(PageRef.toString(page[s])).append(' ').append(offset[s]).append('+').append(len[s])
                .append(' ').append(PipeBufFlag.toString(flags[s]));
        }
        return sb.append(']').toString();
    }

    private boolean duplicate(final int s) {
        return OpsKind.ofOrdinal(ops[s]) == OpsKind.ZERO || arena.tryGet(page[s]);
    }

    private void releaseTail() {
        final int s = slot(tail);
        tail++;
        release(s);
    }

    private void release(final int s) {
        if (ops[s] == EMPTY) {
            throw new IllegalStateException("release of an empty slot " + s);
        }
        final OpsKind kind = OpsKind.ofOrdinal(ops[s]);
        ops[s] = EMPTY;
        if (kind == OpsKind.WATCH_QUEUE) {
            // pipe_update_tail: a consumed LOSS buffer sets note_loss; the release frees the note slot
            if ((flags[s] & PipeBufFlag.LOSS.bit()) != 0) {
                watch.noteLoss(true);
            }
            watch.released(page[s], offset[s] + len[s]);
        } else if (kind == OpsKind.RELAY) {
            kernel.relays().released(page[s], priv[s]);   // relay_pipe_buf_release: relay_consume_bytes(private)
        }
        if (kind != OpsKind.ZERO) {
            if (kind == OpsKind.PAGE_CACHE || kind == OpsKind.USER_PAGE) {
                flags[s] &= ~PipeBufFlag.LRU.bit();
            }
            arena.put(page[s]);
        }
    }

    // ------------------------------------------------------------------ notification pipes (kernel/watch_queue.c)

    /** Makes this a notification pipe's ring (O_NOTIFICATION_PIPE). */
    void watch(final WatchQueue queue) {
        watch = queue;
    }

    WatchQueue watch() {
        return watch;
    }

    /**
     * IOC_WATCH_QUEUE_SET_SIZE: the queue preallocates its note pages and the ring grows to
     * roundup_pow_of_two(notes) slots, while max_usage (F_GETPIPE_SZ) becomes the pages charged.
     */
    Errno setWatchSize(final long notes) {
        final Errno e = watch.setSize(notes);
        if (e == null && !resize(watch.ringSlots())) {
            throw new IllegalStateException("a notification pipe held notes before it was sized");
        }
        return e;
    }

    /**
     * post_one_notification: the note goes into a free slot of a preallocated note page (one more
     * reference, a copy of at most 127 bytes, no allocation) as a WHOLE buffer; a ring full up to
     * ring_size (not max_usage) or no free note slot loses it and sets LOSS on the newest buffer (the
     * slot before head, occupied or not). Returns whether it was queued.
     */
    boolean postNote(final byte[] note) {
        final int n = occupancy() >= ringSize ? -1 : watch.takeNote();
        if (n < 0) {
            flags[slot(head - 1)] |= PipeBufFlag.LOSS.bit();
            kernel.stats().notesLost.increment();
            return false;
        }
        kernel.stats().notesPosted.increment();
        final long p = watch.page(n);
        if (!arena.tryGet(p)) {
            throw new IllegalStateException("a note page without its queue's reference: " + PageRef.toString(p));
        }
        arena.write(p, WatchQueue.offset(n), note, 0, note.length);
        kernel.stats().bytesCopied.add(note.length);
        insert(p, WatchQueue.offset(n), note.length, PipeBufFlag.WHOLE.bit(), OpsKind.WATCH_QUEUE, true);
        return true;
    }

    /**
     * pipe_read of a notification pipe (fs/pipe.c, 6.17): the loss record first when note_loss is set
     * (it needs 8 bytes of room), then buffers; a WHOLE note larger than the room left ends the read.
     * Null stands for ENOBUFS: nothing could be read into so little room.
     */
    byte[] readNotes(final int max) {
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int total = max;
        while (true) {
            if (watch.noteLoss()) {
                if (total < WatchQueue.LOSS_RECORD.length) {
                    return out.size() == 0 ? null : out.toByteArray();
                }
                out.write(WatchQueue.LOSS_RECORD, 0, WatchQueue.LOSS_RECORD.length);
                total -= WatchQueue.LOSS_RECORD.length;
                watch.noteLoss(false);
            }
            if (isEmpty()) {
                break;
            }
            final int s = slot(tail);
            int chars = len[s];
            if (chars > total) {
                if ((flags[s] & PipeBufFlag.WHOLE.bit()) != 0) {
                    return out.size() == 0 ? null : out.toByteArray();
                }
                chars = total;
            }
            final byte[] piece = new byte[chars];
            arena.read(page[s], offset[s], piece, 0, chars);
            out.write(piece, 0, chars);
            offset[s] += chars;
            len[s] -= chars;
            pendingOut += chars;
            if (len[s] == 0) {
                releaseTail();
            }
            total -= chars;
            if (total == 0) {
                break;
            }
        }
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ PipeBuffers: the ITER_PIPE iterator's view

    @Override
    public PageArena arena() {
        return arena;
    }

    @Override
    public int slots() {
        return ringSize;
    }

    @Override
    public int head() {
        return head;
    }

    @Override
    public int tail() {
        return tail;
    }

    @Override
    public long page(final int i) {
        return page[slot(i)];
    }

    @Override
    public int offset(final int i) {
        return offset[slot(i)];
    }

    @Override
    public int len(final int i) {
        return len[slot(i)];
    }

    @Override
    public int flags(final int i) {
        return flags[slot(i)];
    }

    @Override
    public OpsKind ops(final int i) {
        final byte k = ops[slot(i)];
        return k == EMPTY ? null : OpsKind.ofOrdinal(k);
    }

    @Override
    public void setLen(final int i, final int n) {
        final int s = slot(i);
        checkWindow(offset[s], n);
        pendingIn += n - len[s];
        len[s] = n;
    }

    @Override
    public void replace(final int i, final long ref, final OpsKind kind) {
        final int s = slot(i);
        page[s] = ref;
        ops[s] = (byte) kind.ordinal();
        version[s] = -1;
    }

    @Override
    public void push(final long ref, final int off, final int length, final OpsKind kind) {
        checkWindow(off, length);
        insertSpliced(ref, off, length, 0, kind);
    }

    @Override
    public void releaseHead() {
        head--;
        final int s = slot(head);
        pendingIn -= len[s];
        release(s);
    }

    @Override
    public long alloc() {
        return kernel.allocPage();
    }

    @Override
    public void write(final long ref, final int off, final byte[] src, final int srcOff, final int n,
                      final String operation) {
        checkTarget(ref, off, n, operation);
        arena.write(ref, off, src, srcOff, n);
    }

    @Override
    public void zero(final long ref, final int off, final int n, final String operation) {
        checkTarget(ref, off, n, operation);
        arena.fill(ref, off, n, (byte) 0);
    }

    @Override
    public void copy(final long src, final int srcOff, final long dst, final int dstOff, final int n,
                     final String operation) {
        checkTarget(dst, dstOff, n, operation);
        arena.copy(src, srcOff, dst, dstOff, n);
    }

    @Override
    public long pageCacheWrites() {
        return pageCacheWrites;
    }

    @Override
    public int pipeWrite(final byte[] src, final int off, final int length) {
        return Math.max(0, write(src, off, length, true));
    }

    @Override
    public byte[] pipeRead(final int max) {
        return read(max);
    }

    @Override
    public byte[] contents() {
        final byte[] out = new byte[(int) queuedBytes()];
        int at = 0;
        for (int i = tail; i != head; i++) {
            final int s = slot(i);
            arena.read(page[s], offset[s], out, at, len[s]);
            at += len[s];
        }
        return out;
    }

    @Override
    public void releaseAll() {
        releaseAll(KernelStats.Discard.END_OF_RUN);
    }

    /** A write into page data through the pipe: one into a page-cache page is the Dirty Pipe violation. */
    private void checkTarget(final long ref, final int off, final int n, final String operation) {
        if (n > 0 && arena.hasFlags(ref, PageFlags.IN_PAGE_CACHE)) {
            pageCacheWrites++;
            kernel.violation(Violation.PAGE_CACHE_WRITTEN_THROUGH_PIPE, ref, operation,
                "file=" + arena.owner(ref) + " index=" + arena.index(ref) + " window=" + off + "+" + n);
        }
    }

    private static void checkWindow(final int off, final int length) {
        if (off < 0 || length < 0 || off + length > PAGE) {
            throw new IllegalStateException("buffer window " + off + "+" + length + " exceeds the page");
        }
    }

    private int slot(final int index) {
        return index & (ringSize - 1);
    }
}
