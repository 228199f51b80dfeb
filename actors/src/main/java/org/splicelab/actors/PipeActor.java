package org.splicelab.actors;

import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.Signal;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;


import java.util.List;
import org.splicelab.actors.iter.IterPipe;
import org.splicelab.actors.iter.PipeIterator;
import org.splicelab.actors.iter.SeekableIterPipe;
import org.splicelab.memory.Mutant;
import org.splicelab.memory.PageRef;
import org.splicelab.protocols.Errno;
import akka.actor.typed.ActorRef;
import org.splicelab.protocols.PageCacheProtocol;
import org.splicelab.protocols.OpsKind;
import org.splicelab.protocols.PageVector;
import org.splicelab.protocols.PipeBufFlag;
import org.splicelab.protocols.PipeIo;
import org.splicelab.protocols.PipeProtocol;
import org.splicelab.protocols.PipeProtocol.Command;
import org.splicelab.protocols.SpliceFlag;
import org.splicelab.protocols.SyscallResult;

/**
 * A pipe ({@code pipe_inode_info}): its {@link PipeRing}, its readers and writers, the requests parked
 * until data or room, and its mutex. The mutex is held across a conversation with another object
 * (filling from a file or socket, draining into one, or a pipe-to-pipe transfer): while it is held,
 * every other request waits in arrival order, as on the kernel's {@code pipe->mutex} (SEMANTICS R4).
 *
 * <p>Waits follow the kernel: splice into the pipe waits for one free slot without the lock, then
 * fills under it; splice out of it waits for data, then drains under it; pipe-to-pipe operations lock
 * both pipes in id order ({@code pipe_double_lock}).
 */
public final class PipeActor extends DirectBehavior<Command> {
    private final Kernel kernel;
    private final int id;
    private final PipeRing ring;
    private final PageVector vector;
    private final Holders holders;

    /** The pipe mutex and its wait queues. */
    private final PipeMutex mutex = new PipeMutex();
    /** Bytes the splice-out holding the mutex has drained so far. */
    private long drainDone;
    /** The pipe's own page-cache reader (file → pipe lookups happen in this actor). */
    private final FileReader reader;
    private final ActorRef<PageCacheProtocol.Filled> fillReplies;
    /** The references a fill hands back, held while this pipe looks the pages up again. */
    private final PageVector pins;
    /** The file → pipe splice holding the mutex, while it waits for the owner to fill a miss. */
    private FileSplice fileSplice;
    /** Pages the copy model allocated for a splice before reading its source ({@code copy_splice_read}). */
    private long[] copyPages = new long[16];
    private int copyPageCount;
    private final FileSplice spliceState = new FileSplice();
    /** The ITER_PIPE iterator over this pipe's ring (iter-pipe models; null on the direct path), reused. */
    private final PipeIterator iterator;

    /** A miss this pipe asked a file's owner to fill has been filled. */
    private record FileFilled(PageCacheProtocol.Filled filled) implements PipeProtocol.Internal {
    }

    /**
     * A file → pipe splice in progress ({@code filemap_splice_read} under the pipe mutex): the open
     * vector gathers its pieces; {@code start} is the file offset it began at.
     */
    private static final class FileSplice {
        PipeProtocol.SpliceIn request;
        PipeIo.FileSource source;
        long start;
        long maxLen;
        long bytes;
        int fillsWithoutProgress;

        /** Starts one splice-read (one at a time: the pipe's mutex is held across it), reusing this object. */
        FileSplice begin(final PipeProtocol.SpliceIn request, final PipeIo.FileSource source, final long maxLen) {
            this.request = request;
            this.source = source;
            // a buffered source's offset is set: the caller read f_pos into it (FileSource.of)
            this.start = source.offset();
            this.maxLen = maxLen;
            this.bytes = 0;
            this.fillsWithoutProgress = 0;
            return this;
        }

        void end() {
            request = null;
            source = null;
        }
    }

    /** Fills in a row that brought nothing new before a splice gives up short (the arena is thrashing). */
    private static final int MAX_FILLS_WITHOUT_PROGRESS = 8;

    /**
     * A fault (scenarios): stop and restart the pipe. Akka restarts the actor (same ActorRef, so every
     * descriptor stays valid); on the way its buffers are released and every waiting request gets EIO.
     * Processed in order with other requests, so never in the middle of a conversation.
     */
    public enum Restart implements PipeProtocol.Internal { INSTANCE }

    /** Thrown to make the supervisor restart the pipe. */
    static final class Restarted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Restarted(final int id) {
            super("pipe " + id + " restarted (fault injection)", null, false, false);
        }
    }

    /** Holders of each end: kept outside the actor instance so a restart does not lose them. */
    private static final class Holders {
        int readers;
        int writers;
    }

    /** A blocking write that has written part of its data (it waits for room like any request). */
    private record PendingWrite(PipeProtocol.Write request, int written) implements PipeProtocol.Internal {
    }

    /**
     * @param id      orders pipes for the pipe-to-pipe double lock
     * @param slots   ring size (a power of two; {@link #slotsFor} turns an F_SETPIPE_SZ size into one)
     * @param readers processes holding the read end
     * @param writers processes holding the write end
     */
    public static Behavior<Command> create(final Kernel kernel, final int id, final int slots, final int readers,
                                           final int writers) {
        return create(kernel, id, slots, readers, writers, false, 0);
    }

    /**
     * A pipe; {@code notification}: made with O_NOTIFICATION_PIPE, its ring a watch queue's, sized for
     * {@code notes} notes at once when that is not 0.
     */
    public static Behavior<Command> create(final Kernel kernel, final int id, final int slots, final int readers,
                                           final int writers, final boolean notification, final int notes) {
        final Holders holders = new Holders();
        holders.readers = readers;
        holders.writers = writers;
        return Behaviors.supervise(Behaviors.<Command>setup(ctx -> new PipeActor(ctx, kernel, id, slots, holders,
                notification, notes)))
            // an injected restart is asked for and counted in the run's figures: not an ERROR line each time
            .onFailure(Restarted.class, akka.actor.typed.SupervisorStrategy.restart()
                .withLogLevel(org.slf4j.event.Level.DEBUG));
    }

    /**
     * The ring size F_SETPIPE_SZ({@code bytes}) gives an unprivileged process (round up to a power of two
     * pages, at least one), or -1 when it would fail (EINVAL above 2^31, EPERM above fs.pipe-max-size).
     */
    public static int slotsFor(final long bytes) {
        final long rounded = roundedSize(bytes);
        return rounded < 0 || rounded > PipeRing.PIPE_MAX_SIZE ? -1 : (int) (rounded / PipeRing.PAGE);
    }

    /** round_pipe_size(): -1 when out of range. */
    private static long roundedSize(final long bytes) {
        if (bytes < 0 || bytes > (1L << 31)) {
            return -1;
        }
        return bytes <= PipeRing.PAGE ? PipeRing.PAGE : Long.highestOneBit(bytes - 1) << 1;
    }

    private PipeActor(final ActorContext<Command> ctx, final Kernel kernel, final int id, final int slots,
                      final Holders holders, final boolean notification, final int notes) {
        super(ctx);
        this.kernel = kernel;
        this.id = id;
        this.ring = new PipeRing(kernel, slots);
        if (notification) {
            ring.watch(new WatchQueue(kernel, slots));
            final Errno e = notes > 0 ? ring.setWatchSize(notes) : null;
            if (e != null) {
                throw new IllegalArgumentException("pipe " + id + ": IOC_WATCH_QUEUE_SET_SIZE " + notes + ": " + e);
            }
        }
        this.vector = kernel.vectors().vector();
        this.holders = holders;
        this.reader = new FileReader(kernel);
        this.fillReplies = ctx.messageAdapter(PageCacheProtocol.Filled.class, FileFilled::new);
        this.pins = kernel.vectors().vector();
        this.iterator = switch (kernel.policy().spliceReadPath()) {
            case DIRECT -> null;
            case ITER_PIPE -> new IterPipe(ring);
            case ITER_PIPE_SEEKABLE -> new SeekableIterPipe(ring);
        };
    }

    @Override
    protected Behavior<Command> onMessage(final Command m) {
        if (m instanceof PipeIo.Filled x) {
            return onFilled(x);
        }
        if (m instanceof FileFilled x) {
            return onFileFilled(x);
        }
        if (m instanceof PipeIo.Drained x) {
            return onDrained(x);
        }
        if (m instanceof PipeProtocol.PairTake x) {
            return onPairTake(x);
        }
        if (m instanceof PipeProtocol.PairInsert x) {
            return onPairInsert(x);
        }
        if (m instanceof PipeProtocol.PairUnlock x) {
            return onPairUnlock(x);
        }
        if (m instanceof PipeProtocol.PostNote x) {
            return onPostNote(x);
        }
        return onRequest(m);
    }

    @Override
    protected Behavior<Command> onSignal(final Signal signal) {
        if (signal instanceof PostStop) {
            return onPostStop();
        }
        if (signal instanceof akka.actor.typed.PreRestart) {
            return onPreRestart();
        }
        return Behaviors.unhandled();
    }

    // ------------------------------------------------------------------ requests and the mutex

    private Behavior<Command> onRequest(final Command request) {
        if (mutex.locked()) {
            mutex.defer(request);
            kernel.monitor().blocked();
            return this;
        }
        handle(request);
        return afterEachMessage();
    }

    private void handle(final Command request) {
        kernel.stats().pipeLocks.increment();
        if (request instanceof PipeProtocol.Read r) {
            read(r);
        } else if (request instanceof PipeProtocol.Write w) {
            write(w, 0);
        } else if (request instanceof PendingWrite p) {
            write(p.request(), p.written());
        } else if (request instanceof PipeProtocol.SpliceIn s) {
            spliceIn(s);
        } else if (request instanceof PipeProtocol.VmspliceIn v) {
            vmspliceIn(v);
        } else if (request instanceof PipeProtocol.SpliceOut s) {
            spliceOut(s);
        } else if (request instanceof PipeProtocol.PipeToPipe op) {
            pairStart(op);
        } else if (request instanceof PipeProtocol.PairLock l) {
            pairLock(l);
        } else if (request instanceof PipeProtocol.SetSize s) {
            setSize(s);
        } else if (request instanceof PipeProtocol.GetSize g) {
            // F_GETPIPE_SZ: max_usage pages, which a watch queue sets to the note pages it charged
            g.replyTo().tell(SyscallResult.count(ring.watch() == null ? ring.sizeBytes()
                : (long) ring.watch().maxUsage() * PipeRing.PAGE));
        } else if (request instanceof PipeProtocol.SetWatchSize w) {
            setWatchSize(w);
        } else if (request instanceof PipeProtocol.FionRead f) {
            f.replyTo().tell(SyscallResult.count(ring.queuedBytes()));
        } else if (request instanceof PipeProtocol.CloseEnd c) {
            close(c);
        } else if (request == Restart.INSTANCE) {
            throw new Restarted(id);
        } else {
            throw new IllegalArgumentException("pipe " + id + ": unexpected " + request);
        }
    }

    /** Runs woken and deferred requests until the mutex is taken again; stops the pipe when unused. */
    private Behavior<Command> afterEachMessage() {
        try {
            return runReady();
        } finally {
            ring.flushStats();
        }
    }

    private Behavior<Command> runReady() {
        for (Command next = mutex.next(); next != null; next = mutex.next()) {
            kernel.monitor().unblocked();
            handle(next);
        }
        if (holders.readers == 0 && holders.writers == 0 && mutex.idle()) {
            ring.releaseAll(KernelStats.Discard.PIPE_CLOSED);
            return Behaviors.stopped();
        }
        return this;
    }

    private void lock(final Command request) {
        mutex.lock(request);
    }

    private void unlock() {
        mutex.unlock();
    }

    private void parkForData(final Command request) {
        mutex.parkForData(request);
        kernel.stats().blockedWaits.increment();
        kernel.monitor().blocked();
    }

    private void parkForRoom(final Command request) {
        mutex.parkForRoom(request);
        kernel.stats().blockedWaits.increment();
        kernel.monitor().blocked();
    }

    private void wakeReaders() {
        final int n = mutex.wakeReaders();
        if (n > 0) {
            kernel.stats().wakeups.add(n);
        }
    }

    private void wakeWriters() {
        final int n = mutex.wakeWriters();
        if (n > 0) {
            kernel.stats().wakeups.add(n);
        }
    }

    // ------------------------------------------------------------------ read(2), write(2)

    private void read(final PipeProtocol.Read r) {
        if (ring.watch() != null && r.len() > 0) {
            readNotes(r);
            return;
        }
        if (r.len() == 0) {
            replyRead(r, emptyRead(r));
        } else if (ring.isEmpty()) {
            nothingToRead(r);
        } else {
            final boolean wasFull = ring.isFull();
            replyRead(r, r.userPage() == org.splicelab.memory.PageRef.NULL ? SyscallResult.data(ring.read(r.len()))
                : SyscallResult.count(ring.readInto(r.len(), r.userPage())));
            if (wasFull || mutex.anyWaitingForRoom()) {
                wakeWriters();
            }
        }
    }

    /** An empty pipe: EOF without writers, EAGAIN when non-blocking, else the read waits for data. */
    private void nothingToRead(final PipeProtocol.Read r) {
        if (holders.writers == 0) {
            replyRead(r, emptyRead(r));
        } else if (r.nonblock()) {
            replyRead(r, SyscallResult.fail(Errno.EAGAIN));
        } else {
            parkForData(r);
        }
    }

    /**
     * read(2) of a notification pipe: readable when a note is queued or note_loss is set (the loss record
     * alone is a read's worth), else EOF without writers, EAGAIN or a wait; ENOBUFS when the room is too
     * small for the loss record or the first note (WHOLE).
     */
    private void readNotes(final PipeProtocol.Read r) {
        if (ring.isEmpty() && !ring.watch().noteLoss()) {
            nothingToRead(r);
            return;
        }
        final byte[] got = ring.readNotes(r.len());
        if (got == null) {
            replyRead(r, SyscallResult.fail(Errno.ENOBUFS));
        } else {
            replyRead(r, r.userPage() == org.splicelab.memory.PageRef.NULL ? SyscallResult.data(got)
                : SyscallResult.count(got.length));
        }
    }

    /** IOC_WATCH_QUEUE_SET_SIZE, under the pipe mutex: ENODEV on a plain pipe (watch_queue_set_size). */
    private void setWatchSize(final PipeProtocol.SetWatchSize w) {
        if (ring.watch() == null) {
            w.replyTo().tell(SyscallResult.fail(Errno.ENODEV));
            return;
        }
        final Errno e = ring.setWatchSize(w.notes());
        w.replyTo().tell(e == null ? SyscallResult.count(0) : SyscallResult.fail(e));
    }

    /**
     * post_one_notification: taken whatever holds the mutex (the kernel posts under the rd_wait spinlock
     * only, SEMANTICS R9); a queued note wakes the readers.
     */
    private Behavior<Command> onPostNote(final PipeProtocol.PostNote n) {
        final boolean queued = ring.watch() != null && ring.postNote(n.note());
        n.replyTo().tell(SyscallResult.count(queued ? 1 : 0));
        if (queued) {
            wakeReaders();
        }
        return afterEachMessage();
    }

    /** 0 bytes: as bytes when the reader wants them back, else the count. */
    private static SyscallResult emptyRead(final PipeProtocol.Read r) {
        return r.userPage() == org.splicelab.memory.PageRef.NULL ? SyscallResult.data(new byte[0]) : SyscallResult.count(0);
    }

    /** The reply ends the request: the user page reference it carried is put. */
    private void replyRead(final PipeProtocol.Read r, final SyscallResult result) {
        UserBuffer.giveBack(kernel.arena(), r.userPage());
        r.replyTo().tell(result);
    }

    private void write(final PipeProtocol.Write w, final int done) {
        final byte[] data = w.data();
        if (data.length == 0) {
            // pipe_write: "if (unlikely(total_len == 0)) return 0;" comes before the readers check
            w.replyTo().tell(SyscallResult.count(0));
            return;
        }
        if (holders.readers == 0) {
            w.replyTo().tell(done > 0 ? SyscallResult.count(done) : SyscallResult.fail(Errno.EPIPE));
            return;
        }
        final int n = ring.write(data, done, done == 0);
        if (n < 0) {
            w.replyTo().tell(done > 0 ? SyscallResult.count(done) : SyscallResult.fail(Errno.ENOMEM));
            return;
        }
        final int written = done + n;
        if (n > 0) {
            wakeReaders();
        }
        if (written == data.length || ring.outOfFrames()) {
            // pipe_write: a page it could not allocate ends the call with what was written ("ret ? : -ENOMEM")
            w.replyTo().tell(SyscallResult.count(written));
        } else if (w.nonblock()) {
            w.replyTo().tell(written > 0 ? SyscallResult.count(written) : SyscallResult.fail(Errno.EAGAIN));
        } else {
            parkForRoom(new PendingWrite(w, written));
        }
    }

    // ------------------------------------------------------------------ file/socket → pipe

    private void spliceIn(final PipeProtocol.SpliceIn s) {
        if (holders.readers == 0) {
            s.replyTo().tell(SyscallResult.fail(Errno.EPIPE));
            return;
        }
        if (ring.isFull()) {
            if (s.nonblock()) {
                s.replyTo().tell(SyscallResult.fail(Errno.EAGAIN));
            } else {
                parkForRoom(s);
            }
            return;
        }
        long maxLen = Math.min(s.len(), (long) ring.freeSlots() * PipeRing.PAGE);
        if (s.source() instanceof PipeIo.FileSource fs && SyscallChecks.misalignedSpliceRead(fs.file(), fs.offset(), maxLen)) {
            s.replyTo().tell(SyscallResult.fail(Errno.EINVAL));   // copy_splice_read's O_DIRECT read refuses it
            return;
        }
        if (kernel.policy().splicesByCopy() && maxLen > 0) {
            // copy_splice_read allocates the pipe's pages before it reads: none, ENOMEM; fewer, a shorter read
            final int got = reserveCopyPages((int) Math.min(ring.freeSlots(), (maxLen + PipeRing.PAGE - 1) / PipeRing.PAGE));
            if (got == 0) {
                s.replyTo().tell(SyscallResult.fail(Errno.ENOMEM));
                return;
            }
            maxLen = Math.min(maxLen, (long) got * PipeRing.PAGE);
        }
        lock(s);
        if (s.source() instanceof PipeIo.FileSource fs && !fs.file().copySpliceRead()) {
            fileSplice = spliceState.begin(s, fs, maxLen);
            vector.open();
            continueFileSplice();
            return;
        }
        if (s.source() instanceof PipeIo.ZeroSource) {
            fillZeros(s, maxLen);
            return;
        }
        s.source().fill(maxLen, ring.freeSlots(), s.spliceFlags(), s.nonblock(), getContext().getSelf().narrow());
    }

    /** /dev/zero or /dev/full: the pipe fills fresh zeroed pages itself ({@link ZeroPages}), then inserts them. */
    private void fillZeros(final PipeProtocol.SpliceIn s, final long maxLen) {
        vector.open();
        final long n = ZeroPages.fill(kernel, maxLen, ring.freeSlots(), vector);
        unlock();
        if (n == 0 && maxLen > 0) {
            vector.release();
            releaseCopyPages();
            s.replyTo().tell(SyscallResult.fail(Errno.ENOMEM));
            return;
        }
        final long accepted = acceptSpliced(n);
        s.replyTo().tell(SyscallResult.count(accepted));
        if (accepted > 0) {
            wakeReaders();
        }
    }

    /**
     * Looks the file's pages up in this actor's thread and gathers them; on a miss, asks the file's
     * owner to fill it (the mutex stays held, as the kernel's does across the read) and resumes on
     * {@link FileFilled}.
     */
    private void continueFileSplice() {
        final FileSplice f = fileSplice;
        final long pos = f.start + f.bytes;
        final long n;
        if (iterator == null) {
            n = reader.spliceRead(f.source.file().pages(), pos, f.maxLen - f.bytes, room(), f.request.spliceFlags(),
                vector);
        } else {
            // the iterator writes into the ring itself (under the mutex, as the kernel's pipe lock)
            final int from = ring.head();
            n = reader.spliceThroughIterator(f.source.file().pages(), pos, f.maxLen - f.bytes,
                Math.min(room(), vector.remaining()), iterator);
            ring.countArrivals(from);
        }
        f.bytes += n;
        if (n > 0) {
            f.fillsWithoutProgress = 0;
        }
        if (reader.missed() >= 0 && room() > 0 && f.bytes < f.maxLen
            && f.fillsWithoutProgress < MAX_FILLS_WITHOUT_PROGRESS) {
            f.fillsWithoutProgress++;
            f.source.file().cache().tell(new PageCacheProtocol.Fill(reader.missed(), reader.missedPages(), fillReplies));
            return;
        }
        finishFileSplice(reader.missed() >= 0 && f.bytes == 0 ? Errno.ENOMEM : null);
    }

    /** Slots the splice-read holding the mutex may still fill: free ones not claimed by its gathered pieces. */
    private int room() {
        return ring.freeSlots() - vector.count();
    }

    private Behavior<Command> onFileFilled(final FileFilled m) {
        final PageVector pinned = m.filled().pinCount() > 0 ? pins.receive(m.filled().pins()) : null;
        try {
            if (fileSplice == null) {
                return this;   // the splice it was for has ended (the pipe stopped)
            }
            if (m.filled().pinCount() > 0) {
                continueFileSplice();
            } else {
                // nothing is cached there: past the end now (a truncate won), or no frame left (ENOMEM)
                finishFileSplice(m.filled().error());
            }
        } finally {
            if (pinned != null) {
                pinned.discard(kernel.arena());
            }
        }
        return afterEachMessage();
    }

    private void finishFileSplice(final Errno error) {
        final FileSplice f = fileSplice;
        fileSplice = null;
        final PipeProtocol.SpliceIn s = f.request;
        final long bytes = f.bytes;
        // the position moves by what the pipe took (all of it, but for copies that found no page)
        final long accepted = bytes == 0 ? 0 : acceptSpliced(bytes);
        if (f.source.storesPosition()) {
            f.source.file().position().set(f.start + accepted);
        }
        f.end();
        unlock();
        if (bytes == 0) {
            vector.release();
            releaseCopyPages();
            s.replyTo().tell(error != null ? SyscallResult.fail(error) : SyscallResult.count(0));
            return;
        }
        s.replyTo().tell(accepted > 0 ? SyscallResult.count(accepted) : SyscallResult.fail(Errno.ENOMEM));
        wakeReaders();
    }

    private Behavior<Command> onFilled(final PipeIo.Filled f) {
        final PipeProtocol.SpliceIn s = (PipeProtocol.SpliceIn) mutex.holder();
        unlock();
        if (f.error() != null) {
            releaseCopyPages();
            s.replyTo().tell(SyscallResult.fail(f.error()));
        } else if (f.count() == 0) {
            releaseCopyPages();
            s.replyTo().tell(SyscallResult.count(0));
        } else {
            vector.receive(f.vector());
            final long accepted = acceptSpliced(f.bytes());
            s.replyTo().tell(accepted > 0 ? SyscallResult.count(accepted) : SyscallResult.fail(Errno.ENOMEM));
            wakeReaders();
        }
        return afterEachMessage();
    }

    /**
     * The source's buffers are in the open vector: inserts them (or, under copy, writes copies into the
     * pages reserved for them). Returns the bytes the pipe took.
     */
    private long acceptSpliced(final long bytes) {
        if (kernel.policy().splicesByCopy()) {
            return writeCopies();
        }
        insertFilled();
        return bytes;
    }

    /** Allocates up to {@code pages} pages for a copying splice; returns how many it got. */
    private int reserveCopyPages(final int pages) {
        if (copyPages.length < pages) {
            copyPages = new long[Math.max(pages, copyPages.length * 2)];
        }
        copyPageCount = 0;
        while (copyPageCount < pages) {
            final long ref = kernel.allocPage();
            if (ref == PageRef.NULL) {
                break;
            }
            copyPages[copyPageCount++] = ref;
        }
        return copyPageCount;
    }

    /** Frees the reserved pages a copying splice did not use. */
    private void releaseCopyPages() {
        for (int i = 0; i < copyPageCount; i++) {
            if (copyPages[i] != PageRef.NULL) {
                kernel.arena().put(copyPages[i]);
                copyPages[i] = PageRef.NULL;
            }
        }
        copyPageCount = 0;
    }

    /**
     * Inserts a source's buffers (references transferred; the model says whether their flags words are
     * written) and counts how they arrived.
     */
    private void insertFilled() {
        final int n = vector.count();
        if (n > ring.freeSlots()) {
            throw new IllegalStateException("pipe " + id + ": source returned " + n + " buffers for "
                + ring.freeSlots() + " free slots");
        }
        final int from = ring.head();
        for (int i = 0; i < n; i++) {
            ring.insertSpliced(vector.ref(i), vector.offset(i), vector.len(i), vector.flags(i), vector.ops(i),
                vector.priv(i));
        }
        vector.release();
        ring.countArrivals(from);
    }

    /**
     * The {@code copy} model (2026 proposals): splice into a pipe is a read followed by a write, so the
     * bytes are copied page to page into anonymous CAN_MERGE pages (merging into the last one as write
     * does; the rest into the pages reserved before the source was read) and the source's references
     * are dropped. Returns the bytes written.
     */
    private long writeCopies() {
        final long written = ring.writeCopies(vector, copyPages, copyPageCount);
        vector.discard(kernel.arena());
        releaseCopyPages();
        return written;
    }

    // ------------------------------------------------------------------ vmsplice → pipe

    private void vmspliceIn(final PipeProtocol.VmspliceIn v) {
        if (holders.readers == 0 || ring.isFull() && v.nonblock()) {
            vector.receive(v.vector()).discard(kernel.arena());
            v.replyTo().tell(SyscallResult.fail(holders.readers == 0 ? Errno.EPIPE : Errno.EAGAIN));
            return;
        }
        if (ring.isFull()) {
            parkForRoom(v);
            return;
        }
        vector.receive(v.vector());
        long bytes = 0;
        int i = 0;
        final int giftFlag = v.gift() ? PipeBufFlag.GIFT.bit() : 0;
        for (; i < vector.count() && !ring.isFull(); i++) {
            final OpsKind kind = vector.ops(i);
            final int len = vector.len(i);
            if (kind == OpsKind.USER_PAGE) {
                kernel.stats().bytesByReference.add(len);
                kernel.stats().pagesByReference.increment();
            } else {
                kernel.stats().bytesCopied.add(len);
                kernel.stats().pagesCopied.increment();
            }
            ring.insert(vector.ref(i), vector.offset(i), len, kind == OpsKind.USER_PAGE ? giftFlag : 0, kind, true);
            bytes += len;
        }
        vector.discard(kernel.arena(), i);
        v.replyTo().tell(SyscallResult.count(bytes));
        if (bytes > 0) {
            wakeReaders();
        }
    }

    // ------------------------------------------------------------------ pipe → file/socket

    private void spliceOut(final PipeProtocol.SpliceOut s) {
        if (ring.isEmpty()) {
            if (holders.writers == 0) {
                s.replyTo().tell(SyscallResult.count(0));
            } else if (s.nonblock()) {
                s.replyTo().tell(SyscallResult.fail(Errno.EAGAIN));
            } else {
                parkForData(s);
            }
            return;
        }
        if (s.sink() instanceof PipeIo.RefusingSink refusing) {
            s.replyTo().tell(SyscallResult.fail(refusing.errno()));   // pipe_write on a notification pipe: EXDEV
            return;
        }
        if (s.sink() instanceof PipeIo.NullSink) {
            // splice_write_null: the buffers are consumed and released, no page is touched
            final long n = Math.min(s.len(), ring.queuedBytes());
            ring.consume(n);
            kernel.stats().bytesDelivered.add(n);
            wakeWriters();
            s.replyTo().tell(SyscallResult.count(n));
            return;
        }
        lock(s);
        drainDone = 0;
        drainRound(s);
    }

    /** One sendmsg/write_iter round: at most 16 buffers for a socket, the whole ring for a file. */
    private void drainRound(final PipeProtocol.SpliceOut s) {
        final int maxBufs = s.sink() instanceof PipeIo.SocketSink ? 16 : ring.occupancy();
        vector.open();
        final long bytes = ring.share(s.len() - drainDone, maxBufs, vector);
        if (bytes < 0) {
            vector.release();
            finishSpliceOut(s, Errno.EFAULT);
            return;
        }
        final int count = vector.count();
        // splice_to_socket: MSG_MORE under SPLICE_F_MORE, or while the pipe holds more of what was asked
        final boolean more = s.sink() instanceof PipeIo.SocketSink && bytes < s.len() - drainDone
            && ring.queuedBytes() > bytes;
        s.sink().drain(vector.send(), count, bytes, s.spliceFlags() | (more ? SpliceFlag.MORE.bit() : 0), s.nonblock(),
            getContext().getSelf().narrow());
    }

    private Behavior<Command> onDrained(final PipeIo.Drained d) {
        final PipeProtocol.SpliceOut s = (PipeProtocol.SpliceOut) mutex.holder();
        if (d.accepted() > 0) {
            final boolean wasFull = ring.isFull();
            ring.consume(d.accepted());
            drainDone += d.accepted();
            if ((wasFull || mutex.anyWaitingForRoom()) && !Mutant.LOST_WAKEUP.on()) {
                wakeWriters();
            }
        }
        if (d.error() == null && d.accepted() > 0 && drainDone < s.len() && !ring.isEmpty()
            && s.sink() instanceof PipeIo.SocketSink) {
            drainRound(s);
            ring.flushStats();
            return this;
        }
        finishSpliceOut(s, d.error());
        return afterEachMessage();
    }

    private void finishSpliceOut(final PipeProtocol.SpliceOut s, final Errno error) {
        unlock();
        s.replyTo().tell(drainDone > 0 || error == null ? SyscallResult.count(drainDone) : SyscallResult.fail(error));
    }

    // ------------------------------------------------------------------ pipe → pipe (splice, tee)

    private boolean isInput(final PipeProtocol.PipeToPipe op) {
        return op.inputId() == id;
    }

    private PipeProtocol.PipeState state() {
        return new PipeProtocol.PipeState(ring.freeSlots(), ring.occupancy(), ring.queuedBytes(), holders.readers,
            holders.writers);
    }

    /** At the lower pipe: lock, tell the higher one. */
    private void pairStart(final PipeProtocol.PipeToPipe op) {
        lock(op);
        op.higher().tell(new PipeProtocol.PairLock(op, state()));
    }

    /** At the higher pipe: both are locked now; decide. */
    private void pairLock(final PipeProtocol.PairLock l) {
        final PipeProtocol.PipeToPipe op = l.op();
        lock(op);
        final PipeProtocol.PipeState in = isInput(op) ? state() : l.lowerState();
        final PipeProtocol.PipeState out = isInput(op) ? l.lowerState() : state();
        final PairTransfer.Decision decision = PairTransfer.decide(in, out, op.nonblock());
        final SyscallResult result = switch (decision) {
            case EAGAIN -> SyscallResult.fail(Errno.EAGAIN);
            case EPIPE -> SyscallResult.fail(Errno.EPIPE);
            case EOF -> SyscallResult.count(0);
            case TRANSFER, WAIT_FOR_DATA, WAIT_FOR_ROOM -> null;
        };
        final PipeProtocol.Park park = decision == PairTransfer.Decision.WAIT_FOR_DATA ? PipeProtocol.Park.FOR_DATA
            : decision == PairTransfer.Decision.WAIT_FOR_ROOM ? PipeProtocol.Park.FOR_ROOM : PipeProtocol.Park.NONE;
        if (result != null || park != PipeProtocol.Park.NONE) {
            unlock();
            final boolean parkHere = park == PipeProtocol.Park.FOR_DATA && isInput(op)
                || park == PipeProtocol.Park.FOR_ROOM && !isInput(op);
            if (parkHere) {
                if (park == PipeProtocol.Park.FOR_DATA) {
                    parkForData(op);
                } else {
                    parkForRoom(op);
                }
            }
            op.lower().tell(new PipeProtocol.PairUnlock(op, parkHere ? PipeProtocol.Park.NONE : park));
            if (result != null) {
                op.replyTo().tell(result);
            }
        } else if (isInput(op)) {
            takeAndSend(op, out.freeSlots());
        } else {
            op.lower().tell(new PipeProtocol.PairTake(op, ring.freeSlots()));
        }
    }

    private Behavior<Command> onPairTake(final PipeProtocol.PairTake t) {
        takeAndSend(t.op(), t.freeSlots());
        return afterEachMessage();
    }

    /** The input side: move (or, for tee, duplicate) buffers to the output, then unlock. */
    private void takeAndSend(final PipeProtocol.PipeToPipe op, final int outputFree) {
        vector.open();
        final long bytes = ring.transfer(op.len(), outputFree, op.tee(), vector);
        unlock();
        if (bytes < 0) {
            vector.release();
            op.output().tell(new PipeProtocol.PairInsert(op, 0, 0, 0, Errno.EFAULT));
            return;
        }
        final int count = vector.count();
        op.output().tell(new PipeProtocol.PairInsert(op, vector.send(), count, bytes, null));
        if (!op.tee()) {
            wakeWriters();
        }
    }

    /** The output side: insert, unlock, reply. */
    private Behavior<Command> onPairInsert(final PipeProtocol.PairInsert ins) {
        unlock();
        if (ins.error() != null) {
            ins.op().replyTo().tell(SyscallResult.fail(ins.error()));
            return afterEachMessage();
        }
        vector.receive(ins.vector());
        for (int i = 0; i < vector.count(); i++) {
            ring.insert(vector.ref(i), vector.offset(i), vector.len(i), vector.flags(i), vector.ops(i), true,
                vector.priv(i));
        }
        vector.release();
        ins.op().replyTo().tell(SyscallResult.count(ins.bytes()));
        wakeReaders();
        return afterEachMessage();
    }

    private Behavior<Command> onPairUnlock(final PipeProtocol.PairUnlock u) {
        unlock();
        if (u.park() == PipeProtocol.Park.FOR_DATA) {
            parkForData(u.op());
        } else if (u.park() == PipeProtocol.Park.FOR_ROOM) {
            parkForRoom(u.op());
        }
        return afterEachMessage();
    }

    // ------------------------------------------------------------------ fcntl, close

    private void setSize(final PipeProtocol.SetSize s) {
        if (ring.watch() != null) {
            s.replyTo().tell(SyscallResult.fail(Errno.EBUSY));   // pipe_set_size: a watch queue's ring is fixed
            return;
        }
        final long rounded = roundedSize(s.bytes());
        if (rounded < 0) {
            s.replyTo().tell(SyscallResult.fail(Errno.EINVAL));
            return;
        }
        if (rounded > PipeRing.PIPE_MAX_SIZE) {
            s.replyTo().tell(SyscallResult.fail(Errno.EPERM));
            return;
        }
        if (!ring.resize((int) (rounded / PipeRing.PAGE))) {
            s.replyTo().tell(SyscallResult.fail(Errno.EBUSY));
            return;
        }
        wakeWriters();
        s.replyTo().tell(SyscallResult.count(ring.sizeBytes()));
    }

    private void close(final PipeProtocol.CloseEnd c) {
        if (c.writeEnd()) {
            holders.writers--;
            if (holders.writers == 0) {
                wakeReaders();
            }
        } else {
            holders.readers--;
            if (holders.readers == 0) {
                wakeWriters();
            }
        }
        c.replyTo().tell(SyscallResult.count(0));
    }

    // ------------------------------------------------------------------ end of life

    private Behavior<Command> onPostStop() {
        if (vector.isWrapped()) {
            vector.discard(kernel.arena());   // a splice's pieces gathered while it waited for a fill
        }
        fileSplice = null;
        releaseCopyPages();
        ring.releaseAll(KernelStats.Discard.END_OF_RUN);
        ring.flushStats();
        if (ring.watch() != null) {
            ring.watch().free();
        }
        releaseWaiting(mutex.waiting());
        return this;
    }

    /** The restart fault: release the buffers, fail every waiting request with EIO (closes still count). */
    private Behavior<Command> onPreRestart() {
        releaseCopyPages();
        ring.releaseAll(KernelStats.Discard.PIPE_RESTART);
        ring.flushStats();
        final List<Command> waiting = mutex.drainWaiting();
        for (final Command r : waiting) {
            kernel.monitor().unblocked();
            if (r instanceof PipeProtocol.CloseEnd c) {
                close(c);
            } else if (r instanceof PipeProtocol.VmspliceIn v) {
                vector.receive(v.vector()).discard(kernel.arena());
                v.replyTo().tell(SyscallResult.fail(Errno.EIO));
            } else if (r instanceof PipeProtocol.Read x) {
                replyRead(x, SyscallResult.fail(Errno.EIO));
            } else if (r instanceof PipeProtocol.PairLock l) {
                l.op().lower().tell(new PipeProtocol.PairUnlock(l.op(), PipeProtocol.Park.NONE));
                l.op().replyTo().tell(SyscallResult.fail(Errno.EIO));
            } else {
                final akka.actor.typed.ActorRef<SyscallResult> replyTo = replyTo(r);
                if (replyTo != null) {
                    replyTo.tell(r instanceof PendingWrite p && p.written() > 0
                        ? SyscallResult.count(p.written()) : SyscallResult.fail(Errno.EIO));
                }
            }
        }
        return this;
    }

    private static akka.actor.typed.ActorRef<SyscallResult> replyTo(final Command r) {
        if (r instanceof PipeProtocol.Read x) {
            return x.replyTo();
        } else if (r instanceof PipeProtocol.Write x) {
            return x.replyTo();
        } else if (r instanceof PendingWrite x) {
            return x.request().replyTo();
        } else if (r instanceof PipeProtocol.SpliceIn x) {
            return x.replyTo();
        } else if (r instanceof PipeProtocol.SpliceOut x) {
            return x.replyTo();
        } else if (r instanceof PipeProtocol.PipeToPipe x) {
            return x.replyTo();
        } else if (r instanceof PipeProtocol.SetSize x) {
            return x.replyTo();
        } else if (r instanceof PipeProtocol.GetSize x) {
            return x.replyTo();
        } else if (r instanceof PipeProtocol.FionRead x) {
            return x.replyTo();
        } else if (r instanceof PipeProtocol.SetWatchSize x) {
            return x.replyTo();
        }
        return null;
    }

    private void releaseWaiting(final Iterable<Command> requests) {
        for (final Command r : requests) {
            if (r instanceof PipeProtocol.VmspliceIn v) {
                vector.receive(v.vector()).discard(kernel.arena());
            } else if (r instanceof PipeProtocol.Read x) {
                UserBuffer.giveBack(kernel.arena(), x.userPage());
            }
        }
    }

    /** For traces: the ring's contents. */
    String describe() {
        return "pipe" + id + " readers=" + holders.readers + " writers=" + holders.writers + " " + ring.describe();
    }
}
