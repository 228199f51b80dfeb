package org.splicelab.actors;

import akka.actor.typed.ActorRef;
import org.splicelab.protocols.Errno;
import org.splicelab.protocols.OpenFile;
import org.splicelab.protocols.PageCacheProtocol;
import org.splicelab.protocols.PageVector;
import org.splicelab.protocols.PipeIo;
import org.splicelab.protocols.RelayProtocol;
import org.splicelab.protocols.SpliceFlag;
import org.splicelab.protocols.Syscall;
import org.splicelab.protocols.SyscallResult;

/**
 * sendfile(2) to a file, socket or device: {@code do_splice_direct} through the task-private pipe (SEMANTICS
 * §2.9). Loops {file → private pipe ≤ 64 KiB in ≤ 16 buffers; private pipe → out}; a short write ends the
 * loop, the sink has released what it did not accept, and the input position moves by what was
 * written. The private pipe has no lock and no other user, so it is this object, inside the process:
 * the process looks the file's pages up itself ({@link FileReader}) and asks the owner to fill a miss.
 * Like {@code do_sendfile}, it reads {@code f_pos} at the start and stores it at the end, without the
 * {@code f_pos} lock: the input's, and a buffered output file's ({@code out_pos = out->f_pos} ...
 * {@code out->f_pos = out_pos} when something was sent), so two sendfiles into one description can both
 * write at one offset (observed on 6.18: 73 of 1000 runs of
 * conformance/sendfile-to-file-shared-position-no-lock.litmus).
 * From /dev/zero or /dev/full each chunk is fresh zeroed pages ({@link ZeroPages}).
 */
final class SendfileDirect {
    private static final long CHUNK = 16L * PipeRing.PAGE;

    private final Kernel kernel;
    private final SyscallChecks.SendfileDirectRoute route;
    private final FileReader reader;
    private final PageVector vector;
    private final ActorRef<PipeIo.Filled> fills;
    private final ActorRef<PipeIo.Drained> drains;
    private final ActorRef<PageCacheProtocol.Filled> fileFills;
    private final long position;
    /** The output file's position read at the start ({@code -1}: a socket, or the owner keeps it). */
    private final long outPosition;
    private long done;
    private long offered;
    /** A relay chunk's buffers' private words, released after its write ({@link #releaseRelayBuffers}). */
    private final int[] relayPrivate = new int[16];
    private int relayPrivates;
    /** The input reached EOF and the socket was told ({@link #endOfInput}). */
    private boolean eofSent;
    private PageVector relayIn;
    private int fillsWithoutProgress;

    SendfileDirect(final Kernel kernel, final SyscallChecks.SendfileDirectRoute route, final FileReader reader,
                   final PageVector vector, final ActorRef<PipeIo.Filled> fills, final ActorRef<PipeIo.Drained> drains,
                   final ActorRef<PageCacheProtocol.Filled> fileFills) {
        this.kernel = kernel;
        this.route = route;
        this.reader = reader;
        this.vector = vector;
        this.fills = fills;
        this.drains = drains;
        this.fileFills = fileFills;
        this.position = route.in() == null ? 0
            : route.offset() == Syscall.NO_OFFSET ? route.in().position().get() : route.offset();
        this.outPosition = route.sink() instanceof PipeIo.FileSink fs && fs.offset() < 0 && !fs.file().flags().direct()
            ? fs.file().position().get() : -1;
    }

    /** Starts the loop; returns the call's result when it is over at once, else null. */
    SyscallResult start() {
        return readChunk();
    }

    /** An O_DIRECT chunk from the owner ({@code copy_splice_read}), or a relay channel's chunk. */
    SyscallResult onFilled(final PipeIo.Filled f) {
        if (f.error() != null) {
            return finish(f.error());
        }
        if (f.count() == 0) {
            return endOfInput();
        }
        if (route.relay() != null) {
            drain(keepRelayPrivates(f), f.count(), f.bytes());
            return null;
        }
        drain(f.vector(), f.count(), f.bytes());
        return null;
    }

    /**
     * A relay chunk's buffers: their {@code private} words are kept, as the private pipe keeps them, for
     * the releases after the write (below); the entries travel on in a new vector.
     */
    private long keepRelayPrivates(final PipeIo.Filled f) {
        if (relayIn == null) {
            relayIn = kernel.vectors().vector();
        }
        relayIn.receive(f.vector());
        relayPrivates = relayIn.count();
        vector.open();
        for (int i = 0; i < relayPrivates; i++) {
            relayPrivate[i] = relayIn.priv(i);
            vector.add(relayIn.ref(i), relayIn.offset(i), relayIn.len(i), relayIn.flags(i), relayIn.ops(i));
        }
        relayIn.release();
        return vector.send();
    }

    /**
     * splice_direct_to_actor releases every buffer of the private pipe once the chunk was written (the
     * unwritten rest too, at out_release): each lent relay buffer's bytes are consumed now.
     */
    private void releaseRelayBuffers() {
        for (int i = 0; i < relayPrivates; i++) {
            if (relayPrivate[i] > 0) {
                route.relay().relay().tell(new RelayProtocol.Released(relayPrivate[i]));
            }
        }
        relayPrivates = 0;
    }

    /** The owner filled a miss. */
    SyscallResult onFileFilled(final PageCacheProtocol.Filled f) {
        if (f.pinCount() == 0) {
            return finish(f.error());
        }
        return readChunk();
    }

    SyscallResult onDrained(final PipeIo.Drained d) {
        if (eofSent) {
            return finish(null);
        }
        releaseRelayBuffers();
        done += d.accepted();
        if (d.error() != null || d.accepted() < offered || done >= route.count()) {
            return finish(d.error());
        }
        fillsWithoutProgress = 0;
        return readChunk();
    }

    private SyscallResult readChunk() {
        final long len = Math.min(CHUNK, route.count() - done);
        if (route.relay() != null) {
            // do_splice_direct's flags: no SPLICE_F_NONBLOCK (do_sendfile never sets it for the input)
            route.relay().relay().tell(new RelayProtocol.SpliceRead(len, 16, false, fills));
            return null;
        }
        if (route.zeros()) {
            vector.open();
            final long n = ZeroPages.fill(kernel, len, 16, vector);
            if (n > 0) {
                final int count = vector.count();
                drain(vector.send(), count, n);
                return null;
            }
            vector.release();
            return finish(Errno.ENOMEM);
        }
        if (route.in().copySpliceRead()) {
            route.in().cache().tell(new PageCacheProtocol.SpliceReadDirect(route.in().position(), position + done, len,
                16, fills));
            return null;
        }
        final int flags = route.sink() instanceof PipeIo.SocketSink ? PipeIo.TO_SOCKET : 0;
        vector.open();
        final long n = reader.spliceRead(route.in().pages(), position + done, len, 16, flags, vector);
        if (n > 0) {
            final int count = vector.count();
            drain(vector.send(), count, n);
            return null;
        }
        vector.release();
        if (reader.missed() >= 0 && fillsWithoutProgress++ < 8) {
            route.in().cache().tell(new PageCacheProtocol.Fill(reader.missed(), reader.missedPages(), fileFills));
            return null;
        }
        return reader.missed() >= 0 ? finish(Errno.ENOMEM) : endOfInput();
    }

    private void drain(final long handle, final int count, final long bytes) {
        if (route.sink() instanceof PipeIo.RefusingSink refusing) {
            // iter_file_splice_write into a notification pipe: pipe_write says EXDEV, nothing is written
            vector.receive(handle).discard(kernel.arena());
            offered = bytes;
            drains.tell(new PipeIo.Drained(0, refusing.errno()));
            return;
        }
        if (route.sink() instanceof PipeIo.NullSink) {
            // splice_write_null: consumed without a look at the pages; the private pipe releases them
            vector.receive(handle).discard(kernel.arena());
            offered = bytes;
            drains.tell(new PipeIo.Drained(bytes, null));
            return;
        }
        offered = bytes;
        final boolean more = done + offered < route.count();
        if (outPosition >= 0) {
            final OpenFile.RegularFile out = ((PipeIo.FileSink) route.sink()).file();
            out.cache().tell(new PageCacheProtocol.WritePages(out.position(), outPosition + done, false, handle, count,
                bytes, drains));
            return;
        }
        route.sink().drain(handle, count, bytes, more ? SpliceFlag.MORE.bit() : 0, false, drains);
    }

    /**
     * The input is at EOF: splice_direct_to_actor's read_failure calls do_splice_eof when bytes were sent
     * and MORE was only its own (sendfile never sets it), so a UDP socket sends what it corked (observed
     * on 6.18: splicelab fuzz --seed 1, sendfile f@512 -> udp 65537 of an 8192-byte file delivers one
     * 7680-byte datagram). Returns null while the socket answers.
     */
    private SyscallResult endOfInput() {
        if (done > 0 && done < route.count() && route.sink() instanceof PipeIo.SocketSink s) {
            eofSent = true;
            s.peer().tell(new org.splicelab.protocols.SocketProtocol.SpliceEof(drains));
            return null;
        }
        return finish(null);
    }

    private SyscallResult finish(final Errno error) {
        if (done == 0 && error != null) {
            return SyscallResult.fail(error);
        }
        if (route.in() != null && route.offset() == Syscall.NO_OFFSET && done > 0) {
            route.in().position().set(position + done);
        }
        if (outPosition >= 0 && done > 0) {
            ((PipeIo.FileSink) route.sink()).file().position().set(outPosition + done);
        }
        return SyscallResult.count(done);
    }

    /** Whether a vector of this call is still open (the process stopped in the middle). */
    boolean holdsVector() {
        return vector.isWrapped();
    }
}
