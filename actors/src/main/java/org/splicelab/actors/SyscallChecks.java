package org.splicelab.actors;

import akka.actor.typed.ActorRef;
import java.util.Map;
import java.util.function.Consumer;
import org.splicelab.protocols.CharDevice;
import org.splicelab.protocols.Errno;
import org.splicelab.protocols.OpenFile;
import org.splicelab.protocols.PageCacheProtocol;
import org.splicelab.protocols.PipeIo;
import org.splicelab.protocols.PipeProtocol;
import org.splicelab.protocols.RelayProtocol;
import org.splicelab.protocols.SocketProtocol;
import org.splicelab.protocols.SpliceFlag;
import org.splicelab.protocols.Syscall;
import org.splicelab.protocols.SyscallResult;

/**
 * The system-call entry points: argument checks in the kernel's order (SEMANTICS §2.0, §2.9, §2.10)
 * and the choice of which object's actor does the work. Pure: it decides, the {@link ProcessActor}
 * sends.
 */
final class SyscallChecks {
    /** MAX_RW_COUNT: INT_MAX rounded down to a page. */
    static final long MAX_RW_COUNT = Integer.MAX_VALUE & ~4095L;
    /** The most zeros a read of /dev/zero or /dev/full returns as bytes (the litmus data limit, 64 MiB). */
    static final long LOCAL_READ_LIMIT = 64L << 20;

    private SyscallChecks() {
    }

    /** What to do for a call. */
    sealed interface Route permits Done, Local, Send, FileRead, VmspliceToPipe, VmspliceFromPipe, SendfileDirectRoute,
        CloseFd {
    }

    /**
     * read(2)/pread(2) of a (buffered) regular file: the process looks the pages up itself
     * ({@link FileReader}); {@code offset} is {@link Syscall#NO_OFFSET} for the description's position.
     */
    record FileRead(OpenFile.RegularFile file, long offset, int len) implements Route {
    }

    /** Finished without any object: the result. */
    record Done(SyscallResult result) implements Route {
    }

    /** Touches only the process's memory. */
    record Local(boolean store, int region, long offset, byte[] data, int len) implements Route {
        SyscallResult run(final UserMemory memory, final org.splicelab.memory.LookupStats lookups) {
            if (store) {
                return memory.store(region, offset, data, lookups) ? SyscallResult.count(data.length)
                    : SyscallResult.fail(Errno.EFAULT);
            }
            return SyscallResult.data(memory.load(region, offset, len, lookups));
        }
    }

    /** One request to one object, whose reply is the call's result. */
    record Send(Consumer<ActorRef<SyscallResult>> sender) implements Route {
        void send(final ActorRef<SyscallResult> replyTo) {
            sender.accept(replyTo);
        }
    }

    record VmspliceToPipe(OpenFile.PipeEnd pipe, int region, long offset, long len, boolean gift, boolean nonblock)
        implements Route {
    }

    record VmspliceFromPipe(OpenFile.PipeEnd pipe, int region, long offset, long len, boolean nonblock)
        implements Route {
    }

    /**
     * sendfile to a file, socket or device: do_splice_direct through the task-private pipe; {@code in}
     * is null for /dev/zero and /dev/full (copy_splice_read of zeros).
     */
    record SendfileDirectRoute(OpenFile.RegularFile in, long offset, PipeIo.Sink sink, long count,
                               OpenFile.RelayFile relay) implements Route {
        SendfileDirectRoute(final OpenFile.RegularFile in, final long offset, final PipeIo.Sink sink, final long count) {
            this(in, offset, sink, count, null);
        }

        /** From /dev/zero or /dev/full. */
        boolean zeros() {
            return in == null && relay == null;
        }
    }

    record CloseFd(int fd, OpenFile file) implements Route {
    }

    private static Route fail(final Errno errno) {
        return new Done(SyscallResult.fail(errno));
    }

    private static Route ok(final long value) {
        return new Done(SyscallResult.count(value));
    }

    static Route route(final Syscall call, final Map<Integer, OpenFile> fds, final UserMemory memory) {
        return route(call, fds, memory, null);
    }

    /** With a load run's {@link UserBuffer} (or null): reads from a pipe or socket copy into its page. */
    static Route route(final Syscall call, final Map<Integer, OpenFile> fds, final UserMemory memory,
                       final UserBuffer buffer) {
        if (call instanceof Syscall.Splice s) {
            return splice(s, fds);
        } else if (call instanceof Syscall.Tee t) {
            return tee(t, fds);
        } else if (call instanceof Syscall.Vmsplice v) {
            return vmsplice(v, fds, memory);
        } else if (call instanceof Syscall.Sendfile s) {
            return sendfile(s, fds);
        } else if (call instanceof Syscall.Read r) {
            return read(fds.get(r.fd()), Syscall.NO_OFFSET, r.len(), false, buffer);
        } else if (call instanceof Syscall.Pread r) {
            return read(fds.get(r.fd()), r.offset(), r.len(), true, buffer);
        } else if (call instanceof Syscall.Write w) {
            return write(fds.get(w.fd()), Syscall.NO_OFFSET, w.data(), false);
        } else if (call instanceof Syscall.Pwrite w) {
            return write(fds.get(w.fd()), w.offset(), w.data(), true);
        } else if (call instanceof Syscall.Store s) {
            return memory.inRange(s.mem(), s.offset(), s.data().length)
                ? new Local(true, s.mem(), s.offset(), s.data(), 0) : fail(Errno.EFAULT);
        } else if (call instanceof Syscall.Load l) {
            return memory.inRange(l.mem(), l.offset(), l.len())
                ? new Local(false, l.mem(), l.offset(), null, (int) l.len()) : fail(Errno.EFAULT);
        } else if (call instanceof Syscall.Close c) {
            final OpenFile f = fds.get(c.fd());
            return f == null ? fail(Errno.EBADF) : new CloseFd(c.fd(), f);
        }
        return fileControl(call, fds);
    }

    // ------------------------------------------------------------------ splice(2)

    private static Route splice(final Syscall.Splice s, final Map<Integer, OpenFile> fds) {
        if (s.len() == 0) {
            return ok(0);
        }
        if ((s.flags() & ~SpliceFlag.VALID_MASK) != 0) {
            return fail(Errno.EINVAL);
        }
        final OpenFile in = fds.get(s.fdIn());
        final OpenFile out = fds.get(s.fdOut());
        if (in == null || out == null) {
            return fail(Errno.EBADF);
        }
        // get_pipe_info(file, true): a notification pipe is not a pipe to splice
        final boolean inPipe = isSplicePipe(in);
        final boolean outPipe = isSplicePipe(out);
        if (inPipe && s.offIn() != Syscall.NO_OFFSET || outPipe && s.offOut() != Syscall.NO_OFFSET) {
            return fail(Errno.ESPIPE);
        }
        if (!in.flags().readable() || !out.flags().writable()) {
            return fail(Errno.EBADF);
        }
        final boolean flagNonblock = SpliceFlag.NONBLOCK.in(s.flags());
        final long len = Math.min(s.len(), MAX_RW_COUNT);
        if (inPipe && outPipe) {
            final OpenFile.PipeEnd i = (OpenFile.PipeEnd) in;
            final OpenFile.PipeEnd o = (OpenFile.PipeEnd) out;
            if (i.pipeId() == o.pipeId()) {
                return fail(Errno.EINVAL);
            }
            return pipeToPipe(i, o, len, flagNonblock || i.flags().nonblock() || o.flags().nonblock(), false);
        }
        if (inPipe) {
            final PipeIo.Sink sink;
            if (out instanceof OpenFile.Device n) {
                if (!n.device().acceptsSplice()) {
                    return fail(Errno.EINVAL);   // /dev/full has no splice_write (do_splice_from), observed on 6.18
                }
                sink = new PipeIo.NullSink(n.name());
            } else if (out instanceof OpenFile.RegularFile f) {
                if (f.flags().append()) {
                    return fail(Errno.EINVAL);
                }
                sink = PipeIo.FileSink.of(f, s.offOut());
            } else if (out instanceof OpenFile.PipeEnd n) {
                if (s.offOut() != Syscall.NO_OFFSET) {
                    return fail(Errno.EINVAL);   // a pipe has no FMODE_PWRITE
                }
                sink = notificationSink(n);
            } else {
                final OpenFile.SocketEnd so = (OpenFile.SocketEnd) out;
                if (s.offOut() != Syscall.NO_OFFSET) {
                    return fail(Errno.EINVAL);
                }
                sink = new PipeIo.SocketSink(so.peer(), so.flags().nonblock(), so.name());
            }
            final OpenFile.PipeEnd p = (OpenFile.PipeEnd) in;
            final boolean nonblock = flagNonblock || p.flags().nonblock();
            return new Send(r -> p.pipe().tell(new PipeProtocol.SpliceOut(sink, len, s.flags(), nonblock, r)));
        }
        if (outPipe) {
            final OpenFile.PipeEnd p = (OpenFile.PipeEnd) out;
            final boolean nonblock = flagNonblock || p.flags().nonblock();
            final PipeIo.Source source;
            if (in instanceof OpenFile.RegularFile f) {
                source = PipeIo.FileSource.of(f, s.offIn());
            } else if (in instanceof OpenFile.Device d) {
                source = deviceSource(d);
            } else if (in instanceof OpenFile.RelayFile r) {
                if (s.offIn() != Syscall.NO_OFFSET) {
                    return fail(Errno.EINVAL);   // nonseekable_open: no FMODE_PREAD
                }
                source = new PipeIo.RelaySource(r.relay(), r.name());
            } else if (in instanceof OpenFile.PipeEnd n) {
                if (s.offIn() != Syscall.NO_OFFSET) {
                    return fail(Errno.EINVAL);   // a pipe has no FMODE_PREAD
                }
                source = new PipeIo.NoSpliceRead(n.name());   // pipeanon_fops has no splice_read
            } else {
                final OpenFile.SocketEnd so = (OpenFile.SocketEnd) in;
                if (s.offIn() != Syscall.NO_OFFSET) {
                    return fail(Errno.EINVAL);
                }
                source = new PipeIo.SocketSource(so.self(), so.readNonblock(nonblock), so.name());
            }
            return new Send(r -> p.pipe().tell(new PipeProtocol.SpliceIn(source, len, s.flags(), nonblock, r)));
        }
        return fail(Errno.EINVAL);
    }

    /**
     * A character device as a splice source: /dev/zero and /dev/full go through copy_splice_read (fresh
     * zeroed pages, since 6.7); /dev/null has no splice_read, so EINVAL, answered after the pipe's own
     * checks (no readers: EPIPE; full: EAGAIN or a wait), as on 6.18 (test/kernel-checks/dev_splice.c).
     * The offset, if any, is ignored (the devices' positions do not matter).
     */
    private static PipeIo.Source deviceSource(final OpenFile.Device d) {
        return d.device().splicesZeros() ? new PipeIo.ZeroSource(d.name()) : new PipeIo.NoSpliceRead(d.name());
    }

    /** A pipe end splice, tee and vmsplice take as a pipe: not a notification pipe's (get_pipe_info(file, true)). */
    private static boolean isSplicePipe(final OpenFile f) {
        return f instanceof OpenFile.PipeEnd p && !p.notification();
    }

    /**
     * A notification pipe as a splice or sendfile output: iter_file_splice_write reaches pipe_write,
     * which refuses a watch queue with EXDEV (fs/pipe.c, 6.17).
     */
    private static PipeIo.Sink notificationSink(final OpenFile.PipeEnd n) {
        return new PipeIo.RefusingSink(n.name(), Errno.EXDEV);
    }

    private static Route pipeToPipe(final OpenFile.PipeEnd in, final OpenFile.PipeEnd out, final long len,
                                    final boolean nonblock, final boolean tee) {
        final PipeProtocol.PipeToPipe op0 = new PipeProtocol.PipeToPipe(in.pipe(), in.pipeId(), out.pipe(),
            out.pipeId(), len, nonblock, tee, null);
        return new Send(r -> {
            final PipeProtocol.PipeToPipe op = new PipeProtocol.PipeToPipe(op0.input(), op0.inputId(), op0.output(),
                op0.outputId(), op0.len(), op0.nonblock(), op0.tee(), r);
            op.lower().tell(op);
        });
    }

    // ------------------------------------------------------------------ tee(2), vmsplice(2)

    private static Route tee(final Syscall.Tee t, final Map<Integer, OpenFile> fds) {
        if ((t.flags() & ~SpliceFlag.VALID_MASK) != 0) {
            return fail(Errno.EINVAL);
        }
        if (t.len() == 0) {
            return ok(0);
        }
        final OpenFile in = fds.get(t.fdIn());
        final OpenFile out = fds.get(t.fdOut());
        if (in == null || out == null) {
            return fail(Errno.EBADF);
        }
        if (!in.flags().readable() || !out.flags().writable()) {
            return fail(Errno.EBADF);
        }
        if (isSplicePipe(in) && isSplicePipe(out) && ((OpenFile.PipeEnd) in).pipeId() != ((OpenFile.PipeEnd) out).pipeId()) {
            final OpenFile.PipeEnd i = (OpenFile.PipeEnd) in;
            final OpenFile.PipeEnd o = (OpenFile.PipeEnd) out;
            final boolean nonblock = SpliceFlag.NONBLOCK.in(t.flags()) || i.flags().nonblock() || o.flags().nonblock();
            return pipeToPipe(i, o, Math.min(t.len(), MAX_RW_COUNT), nonblock, true);
        }
        return fail(Errno.EINVAL);
    }

    private static Route vmsplice(final Syscall.Vmsplice v, final Map<Integer, OpenFile> fds, final UserMemory memory) {
        if ((v.flags() & ~SpliceFlag.VALID_MASK) != 0) {
            return fail(Errno.EINVAL);
        }
        final OpenFile f = fds.get(v.fd());
        if (f == null || !f.flags().readable() && !f.flags().writable()) {
            return fail(Errno.EBADF);
        }
        if (v.emptyIov() || v.len() == 0) {
            return ok(0);   // before the pipe check (vmsplice_to_pipe's get_pipe_info): 0 for any open fd, on 6.18
        }
        if (!(f instanceof OpenFile.PipeEnd p) || p.notification()) {
            return fail(Errno.EBADF);   // vmsplice_to_pipe / vmsplice_to_user: get_pipe_info(file, true)
        }
        if (!memory.inRange(v.mem(), v.memOffset(), v.len())) {
            return fail(Errno.EFAULT);
        }
        final boolean nonblock = SpliceFlag.NONBLOCK.in(v.flags());
        if (p.flags().writable()) {
            return new VmspliceToPipe(p, v.mem(), v.memOffset(), v.len(), SpliceFlag.GIFT.in(v.flags()), nonblock);
        }
        return new VmspliceFromPipe(p, v.mem(), v.memOffset(), Math.min(v.len(), MAX_RW_COUNT), nonblock);
    }

    // ------------------------------------------------------------------ sendfile(2)

    private static Route sendfile(final Syscall.Sendfile s, final Map<Integer, OpenFile> fds) {
        final OpenFile in = fds.get(s.fdIn());
        if (in == null || !in.flags().readable()) {
            return fail(Errno.EBADF);
        }
        if (s.offset() != Syscall.NO_OFFSET && !(in instanceof OpenFile.RegularFile || in instanceof OpenFile.Device)) {
            return fail(Errno.ESPIPE);
        }
        final OpenFile out = fds.get(s.fdOut());
        if (out == null || !out.flags().writable()) {
            return fail(Errno.EBADF);
        }
        final long count = Math.min(s.count(), MAX_RW_COUNT);
        if (out instanceof OpenFile.PipeEnd p && !p.notification()) {
            final PipeIo.Source source;
            if (in instanceof OpenFile.RegularFile f) {
                source = PipeIo.FileSource.of(f, s.offset());
            } else if (in instanceof OpenFile.SocketEnd so) {
                source = new PipeIo.SocketSource(so.self(), so.readNonblock(p.flags().nonblock()), so.name());
            } else if (in instanceof OpenFile.Device d) {
                source = deviceSource(d);
            } else if (in instanceof OpenFile.RelayFile r) {
                source = new PipeIo.RelaySource(r.relay(), r.name());
            } else {
                // a pipe has no splice_read: EINVAL, but only after the wait for room in the output
                // and not for count 0 (observed on 6.18: 0, EAGAIN into a full pipe, else EINVAL)
                source = new PipeIo.NoSpliceRead(in.name());
            }
            // no shortcut for count 0: do_sendfile waits for room in the pipe first (a full non-blocking
            // pipe: EAGAIN, observed on 6.18), then splices 0 bytes
            final boolean nonblock = p.flags().nonblock();
            return new Send(r -> p.pipe().tell(new PipeProtocol.SpliceIn(source, count, 0, nonblock, r)));
        }
        if (out.flags().append()) {
            return fail(Errno.EINVAL);
        }
        final boolean zeros = in instanceof OpenFile.Device d && d.device().splicesZeros();
        // a relay file is a regular file (S_ISREG) to splice_direct_to_actor
        if (!(in instanceof OpenFile.RegularFile) && !(in instanceof OpenFile.Device) && !(in instanceof OpenFile.RelayFile)) {
            return fail(Errno.EINVAL);   // splice_direct_to_actor wants a seekable input: not a pipe or a socket
        }
        if (count == 0) {
            return ok(0);
        }
        if (in instanceof OpenFile.Device && !zeros) {
            return fail(Errno.EINVAL);   // /dev/null has no splice_read; a count of 0 was 0 first (6.18, splicelab fuzz)
        }
        if (in instanceof OpenFile.RegularFile f && misalignedSpliceRead(f, s.offset(), Math.min(count, 16L * 4096))) {
            return fail(Errno.EINVAL);   // the private pipe's 16 slots
        }
        final PipeIo.Sink sink;
        if (out instanceof OpenFile.RegularFile o) {
            sink = new PipeIo.FileSink(o, Syscall.NO_OFFSET);
        } else if (out instanceof OpenFile.Device o) {
            // /dev/full has no splice_write: refused once there is data to write, 0 at EOF (6.18, splicelab fuzz)
            sink = o.device().acceptsSplice() ? new PipeIo.NullSink(o.name()) : new PipeIo.RefusingSink(o.name(), Errno.EINVAL);
        } else if (out instanceof OpenFile.PipeEnd n) {
            sink = notificationSink(n);
        } else {
            final OpenFile.SocketEnd so = (OpenFile.SocketEnd) out;
            sink = new PipeIo.SocketSink(so.peer(), so.flags().nonblock(), so.name());
        }
        if (in instanceof OpenFile.RelayFile r) {
            return new SendfileDirectRoute(null, s.offset(), sink, count, r);
        }
        return new SendfileDirectRoute(zeros ? null : (OpenFile.RegularFile) in, s.offset(), sink, count);
    }

    // ------------------------------------------------------------------ read, write, pread, pwrite

    private static Route read(final OpenFile f, final long offset, final long len, final boolean positional,
                              final UserBuffer buffer) {
        if (f == null) {
            return fail(Errno.EBADF);
        }
        if (positional && !(f instanceof OpenFile.RegularFile || f instanceof OpenFile.Device)) {
            return fail(Errno.ESPIPE);   // ksys_pread64: no FMODE_PREAD, before vfs_read's FMODE_READ (6.18)
        }
        if (!f.flags().readable()) {
            return fail(Errno.EBADF);
        }
        if (positional && offset < 0) {
            return fail(Errno.EINVAL);
        }
        final int n = (int) Math.min(len, MAX_RW_COUNT);
        if (f instanceof OpenFile.Device d) {
            // read_null: EOF; read_iter_zero (zero and full): zeros (a litmus read keeps its bytes)
            final boolean keepBytes = buffer == null || buffer.page() == org.splicelab.memory.PageRef.NULL;
            if (d.device() == CharDevice.NULL) {
                return new Done(keepBytes ? SyscallResult.data(new byte[0]) : SyscallResult.count(0));
            }
            return new Done(keepBytes ? SyscallResult.data(new byte[(int) Math.min(n, LOCAL_READ_LIMIT)])
                : SyscallResult.count(n));   // a load run's read: the count, nothing on the heap
        }
        if (f instanceof OpenFile.RelayFile r) {
            // relay_file_read; the relay file is not seekable, so pread was ESPIPE above
            return new Send(c -> r.relay().tell(new RelayProtocol.Read(n, lend(buffer), c)));
        }
        if (f instanceof OpenFile.RegularFile file) {
            if (misalignedRead(file, positional ? offset : file.position().get(), n)) {
                return fail(Errno.EINVAL);
            }
            if (file.flags().direct()) {
                return new Send(r -> file.cache().tell(new PageCacheProtocol.ReadDirect(file.position(), offset, n, r)));
            }
            return new FileRead(file, offset, n);
        } else if (f instanceof OpenFile.PipeEnd p) {
            return new Send(r -> p.pipe().tell(new PipeProtocol.Read(n, p.flags().nonblock(), lend(buffer), r)));
        }
        final OpenFile.SocketEnd s = (OpenFile.SocketEnd) f;
        return new Send(r -> s.self().tell(new SocketProtocol.Read(n, s.flags().nonblock(), lend(buffer), r)));
    }

    /** The user page a read request carries (one reference, put by the receiver), or none. */
    private static long lend(final UserBuffer buffer) {
        return buffer == null ? org.splicelab.memory.PageRef.NULL : buffer.lend();
    }

    /**
     * An O_DIRECT read or write at {@code pos} of {@code len} bytes that the file's filesystem refuses
     * (ext4: not a multiple of the logical block size; iomap returns EINVAL before any I/O; a length of
     * 0 is 0 first, and so is a read at or past the end of the file, observed on 6.18). The
     * position of a call without an offset is read here, so in a race on a shared position it may be
     * another than the one the call then uses.
     */
    private static boolean misaligned(final OpenFile.RegularFile file, final long pos, final long len) {
        final int a = file.directIoAlignment();
        return file.flags().direct() && a > 1 && len > 0 && (pos % a != 0 || len % a != 0);
    }

    /**
     * A splice or sendfile from an O_DIRECT file goes through copy_splice_read, i.e. an O_DIRECT read of
     * {@code len}, the length already capped by the pipe's room: refused as {@link #misaligned} says,
     * except at or past the end of the file (0). The pipe checks its own splices (it knows the room);
     * this is for sendfile's private pipe.
     */
    /**
     * An O_DIRECT read refused by {@link #misaligned}, where a read at or past the end of the file is 0
     * first and a read that reaches the end is cut at the end rounded up to the 4 KiB block before the
     * check (observed on 6.18, ext4: 65537 bytes of a 4097-byte file read 4097, 4700 bytes EINVAL).
     */
    private static boolean misalignedRead(final OpenFile.RegularFile f, final long pos, final long len) {
        if (!f.flags().direct() || f.directIoAlignment() <= 1 || len == 0) {
            return false;
        }
        final long size = f.pages().size();
        if (pos >= size) {
            return false;
        }
        return misaligned(f, pos, Math.min(len, (size + 4095) / 4096 * 4096 - pos));
    }

    static boolean misalignedSpliceRead(final OpenFile.RegularFile f, final long offset, final long len) {
        if (!f.flags().direct() || f.directIoAlignment() <= 1) {
            return false;
        }
        return misalignedRead(f, offset == Syscall.NO_OFFSET ? f.position().get() : offset, len);
    }

    private static Route write(final OpenFile f, final long offset, final byte[] data, final boolean positional) {
        if (f == null) {
            return fail(Errno.EBADF);
        }
        if (positional && !(f instanceof OpenFile.RegularFile || f instanceof OpenFile.Device)) {
            return fail(Errno.ESPIPE);   // ksys_pwrite64: no FMODE_PWRITE, before vfs_write's FMODE_WRITE (6.18)
        }
        if (!f.flags().writable()) {
            return fail(Errno.EBADF);
        }
        if (positional && offset < 0) {
            return fail(Errno.EINVAL);
        }
        if (f instanceof OpenFile.Device d) {
            return d.device() == CharDevice.FULL ? fail(Errno.ENOSPC) : ok(data.length);   // write_full: ENOSPC
        }
        if (f instanceof OpenFile.RegularFile file) {
            if (file.flags().direct() && file.directIoAlignment() > 1 && misaligned(file,
                positional ? offset : file.flags().append() ? file.pages().size() : file.position().get(), data.length)) {
                return fail(Errno.EINVAL);
            }
            return new Send(r -> file.cache().tell(
                new PageCacheProtocol.Write(file.position(), offset, data, file.flags().append(), r)));
        } else if (f instanceof OpenFile.PipeEnd p) {
            if (p.notification()) {
                return fail(Errno.EXDEV);   // pipe_write refuses a watch queue before the zero-length check
            }
            return new Send(r -> p.pipe().tell(new PipeProtocol.Write(data, p.flags().nonblock(), r)));
        }
        final OpenFile.SocketEnd s = (OpenFile.SocketEnd) f;
        return new Send(r -> s.peer().tell(new SocketProtocol.Deliver(data, s.flags().nonblock(), r)));
    }

    // ------------------------------------------------------------------ ftruncate, fsync, fadvise, fstat, fcntl, ioctl

    private static Route fileControl(final Syscall call, final Map<Integer, OpenFile> fds) {
        if (call instanceof Syscall.Truncate t) {
            final OpenFile f = fds.get(t.fd());
            if (f == null) {
                return fail(Errno.EBADF);
            }
            if (!(f instanceof OpenFile.RegularFile file) || !f.flags().writable() || t.length() < 0) {
                return fail(Errno.EINVAL);
            }
            return new Send(r -> file.cache().tell(new PageCacheProtocol.Truncate(t.length(), r)));
        } else if (call instanceof Syscall.Fsync s) {
            final OpenFile f = fds.get(s.fd());
            if (f == null) {
                return fail(Errno.EBADF);
            }
            if (!(f instanceof OpenFile.RegularFile file)) {
                return fail(Errno.EINVAL);
            }
            return new Send(r -> file.cache().tell(new PageCacheProtocol.Fsync(r)));
        } else if (call instanceof Syscall.FadviseDontneed a) {
            final OpenFile f = fds.get(a.fd());
            if (f == null) {
                return fail(Errno.EBADF);
            }
            if (f instanceof OpenFile.Device || f instanceof OpenFile.RelayFile) {
                return ok(0);   // generic_fadvise on a character device (observed on 6.18) or a debugfs file: 0
            }
            if (!(f instanceof OpenFile.RegularFile file)) {
                return fail(Errno.ESPIPE);
            }
            return new Send(r -> file.cache().tell(new PageCacheProtocol.FadviseDontneed(r)));
        } else if (call instanceof Syscall.Size s) {
            final OpenFile f = fds.get(s.fd());
            if (f == null) {
                return fail(Errno.EBADF);
            }
            if (f instanceof OpenFile.RegularFile file) {
                return ok(file.pages().size());   // fstat: i_size_read
            }
            if (f instanceof OpenFile.RelayFile r) {
                return new Send(c -> r.relay().tell(new RelayProtocol.Size(false, c)));
            }
            return ok(0);
        } else if (call instanceof Syscall.SetPipeSize s) {
            final OpenFile f = fds.get(s.fd());
            if (!(f instanceof OpenFile.PipeEnd p)) {
                return fail(Errno.EBADF);
            }
            return new Send(r -> p.pipe().tell(new PipeProtocol.SetSize(s.size(), r)));
        } else if (call instanceof Syscall.GetPipeSize g) {
            final OpenFile f = fds.get(g.fd());
            if (!(f instanceof OpenFile.PipeEnd p)) {
                return fail(Errno.EBADF);
            }
            return new Send(r -> p.pipe().tell(new PipeProtocol.GetSize(r)));
        } else if (call instanceof Syscall.FionRead q) {
            final OpenFile f = fds.get(q.fd());
            if (f == null) {
                return fail(Errno.EBADF);
            }
            if (f instanceof OpenFile.PipeEnd p) {
                return new Send(r -> p.pipe().tell(new PipeProtocol.FionRead(r)));
            } else if (f instanceof OpenFile.SocketEnd so) {
                return new Send(r -> so.self().tell(new SocketProtocol.Queued(r)));
            } else if (f instanceof OpenFile.Device) {
                return fail(Errno.ENOTTY);   // the memory devices have no FIONREAD, observed on 6.18
            } else if (f instanceof OpenFile.RelayFile r) {
                // do_vfs_ioctl's FIONREAD for a regular file: i_size - f_pos
                return new Send(c -> r.relay().tell(new RelayProtocol.Size(true, c)));
            }
            final OpenFile.RegularFile file = (OpenFile.RegularFile) f;
            return ok(Math.max(0, file.pages().size() - file.position().get()));   // FIONREAD: i_size - f_pos
        }
        return watchQueue(call, fds);
    }

    /** IOC_WATCH_QUEUE_SET_SIZE (ENOTTY on what is not a pipe: the ioctl is unknown there) and posted notes. */
    private static Route watchQueue(final Syscall call, final Map<Integer, OpenFile> fds) {
        if (call instanceof Syscall.WatchQueueSetSize w) {
            final OpenFile f = fds.get(w.fd());
            if (f == null) {
                return fail(Errno.EBADF);
            }
            if (!(f instanceof OpenFile.PipeEnd p)) {
                return fail(Errno.ENOTTY);
            }
            return new Send(r -> p.pipe().tell(new PipeProtocol.SetWatchSize(w.notes(), r)));
        } else if (call instanceof Syscall.RelayWrite w) {
            final OpenFile f = fds.get(w.fd());
            if (!(f instanceof OpenFile.RelayFile r)) {
                return ok(0);   // no relay channel behind it: the record goes nowhere
            }
            return new Send(c -> r.relay().tell(new RelayProtocol.Write(w.data(), c)));
        } else if (call instanceof Syscall.PostNotification n) {
            final OpenFile f = fds.get(n.fd());
            if (!(f instanceof OpenFile.PipeEnd p)) {
                return ok(0);   // no watch queue behind it: the note goes nowhere
            }
            return new Send(r -> p.pipe().tell(new PipeProtocol.PostNote(n.note(), r)));
        }
        throw new IllegalArgumentException("unknown system call " + call);
    }
}
