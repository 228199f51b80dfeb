package org.splicelab.protocols;

import akka.actor.typed.ActorRef;

/**
 * The two conversations a pipe holds with another object while its lock (mutex) is held: filling the
 * pipe from a file or socket (splice_read) and draining it into a file or socket (splice_write).
 * The pipe stays locked until the reply arrives, as the kernel's pipe mutex does (SEMANTICS R4).
 */
public final class PipeIo {
    /**
     * A pseudo splice flag (above the SPLICE_F_* bits, never accepted from a caller): the pages go
     * straight to a socket, not into a pipe (sendfile to a socket; under private-pages no steal).
     */
    public static final int TO_SOCKET = 1 << 16;

    private PipeIo() {
    }

    /** A source the pipe asks for at most {@code maxLen} bytes in at most {@code maxBufs} buffers. */
    public sealed interface Source permits FileSource, SocketSource, NoSpliceRead, ZeroSource, RelaySource {
        void fill(long maxLen, int maxBufs, int spliceFlags, boolean nonblock, ActorRef<Filled> replyTo);

        /** For traces. */
        String describe();
    }

    /** A sink the pipe offers a vector of page references (the pipe took one extra reference per entry). */
    public sealed interface Sink permits FileSink, SocketSink, NullSink, RefusingSink {
        void drain(long vector, int count, long bytes, int spliceFlags, boolean nonblock, ActorRef<Drained> replyTo);

        String describe();
    }

    /**
     * A descriptor with no splice_read (a pipe as sendfile's input): nothing for a length of 0, else
     * EINVAL, answered once the pipe has made its own checks (readers, room).
     */
    public record NoSpliceRead(String name) implements Source {
        @Override
        public void fill(final long maxLen, final int maxBufs, final int spliceFlags, final boolean nonblock,
                         final ActorRef<Filled> replyTo) {
            replyTo.tell(maxLen == 0 ? Filled.eof() : Filled.failed(Errno.EINVAL));
        }

        @Override
        public String describe() {
            return name + " (no splice_read)";
        }
    }

    /**
     * {@code /dev/zero} or {@code /dev/full} (copy_splice_read since 6.7): fresh zeroed private pages
     * ({@link OpsKind#DEFAULT}, flags 0: never merged into), as many as the pipe has room for. The pipe
     * (or sendfile's private pipe) fills them itself: no other object takes part.
     */
    public record ZeroSource(String name) implements Source {
        @Override
        public void fill(final long maxLen, final int maxBufs, final int spliceFlags, final boolean nonblock,
                         final ActorRef<Filled> replyTo) {
            throw new UnsupportedOperationException("the pipe fills from " + name + " itself");
        }

        @Override
        public String describe() {
            return name;
        }
    }

    /**
     * A file read from {@code offset}. For a buffered file without an offset the caller has read the
     * description's position into {@code offset} ({@link #of}) and {@code storesPosition} says the
     * position is set to where the read ended, as do_splice does: {@code offset = in->f_pos} before the
     * pipe lock and the wait for room, {@code in->f_pos = offset} after, no {@code f_pos} lock. The
     * pipe looks the pages up itself in {@code file.pages()} (asking the owner to fill a miss). An
     * O_DIRECT or DAX input goes to the owner ({@code copy_splice_read}), which reads and stores the
     * position itself when {@code offset < 0}.
     */
    public record FileSource(OpenFile.RegularFile file, long offset, boolean storesPosition) implements Source {
        /** The source a splice or sendfile from {@code file} at {@code offset} (or none: {@code < 0}) reads. */
        public static FileSource of(final OpenFile.RegularFile file, final long offset) {
            return offset < 0 && !file.copySpliceRead() ? new FileSource(file, file.position().get(), true)
                : new FileSource(file, offset, false);
        }

        @Override
        public void fill(final long maxLen, final int maxBufs, final int spliceFlags, final boolean nonblock,
                         final ActorRef<Filled> replyTo) {
            file.cache().tell(new PageCacheProtocol.SpliceReadDirect(file.position(), offset, maxLen, maxBufs, replyTo));
        }

        @Override
        public String describe() {
            return file.name() + (offset >= 0 && !storesPosition ? "@" + offset : "");
        }
    }

    /**
     * A socket end's receive queue. {@code socketNonblock} is whether the socket's own wait for data is
     * non-blocking, decided by the caller: AF_UNIX honours SPLICE_F_NONBLOCK (and the pipe fd's
     * O_NONBLOCK), TCP only the socket's O_NONBLOCK (SEMANTICS §2.5).
     */
    public record SocketSource(ActorRef<SocketProtocol.Command> socket, boolean socketNonblock, String name)
        implements Source {
        @Override
        public void fill(final long maxLen, final int maxBufs, final int spliceFlags, final boolean nonblock,
                         final ActorRef<Filled> replyTo) {
            socket.tell(new SocketProtocol.SpliceRead(maxLen, maxBufs, socketNonblock, replyTo));
        }

        @Override
        public String describe() {
            return name;
        }
    }

    /**
     * A relay file: its channel answers as the kernel design says ({@link RelayProtocol.SpliceRead}):
     * lent sub-buffer pages ({@link OpsKind#RELAY}), private copies, or EINVAL where relay has no
     * splice_read (6.8+). With nothing finished to give: 0, or EAGAIN for a non-blocking call.
     */
    public record RelaySource(ActorRef<RelayProtocol.Command> relay, String name) implements Source {
        @Override
        public void fill(final long maxLen, final int maxBufs, final int spliceFlags, final boolean nonblock,
                         final ActorRef<Filled> replyTo) {
            relay.tell(new RelayProtocol.SpliceRead(maxLen, maxBufs, nonblock, replyTo));
        }

        @Override
        public String describe() {
            return name;
        }
    }

    /**
     * A file written at {@code offset}; when {@code offset < 0} the owner reads the position and stores it
     * after the write. A splice from a pipe to a buffered file without an offset reads the position in the
     * caller ({@link #of}: do_splice's {@code offset = out->f_pos} before it takes the pipe) and
     * {@code storesPosition} says the owner stores it after the write ({@code out->f_pos = offset}), no
     * {@code f_pos} lock: two splicers of one description can both write at one offset.
     */
    public record FileSink(OpenFile.RegularFile file, long offset, boolean storesPosition) implements Sink {
        /** A sink whose position (offset {@code < 0}) the owner reads and stores itself. */
        public FileSink(final OpenFile.RegularFile file, final long offset) {
            this(file, offset, false);
        }

        /** The sink a splice to {@code file} at {@code offset} (or none: {@code < 0}) writes. */
        public static FileSink of(final OpenFile.RegularFile file, final long offset) {
            return offset < 0 && !file.flags().direct() ? new FileSink(file, file.position().get(), true)
                : new FileSink(file, offset, false);
        }

        @Override
        public void drain(final long vector, final int count, final long bytes, final int spliceFlags,
                          final boolean nonblock, final ActorRef<Drained> replyTo) {
            file.cache().tell(new PageCacheProtocol.WritePages(file.position(), offset, storesPosition, vector, count,
                bytes, replyTo));
        }

        @Override
        public String describe() {
            return file.name() + (offset >= 0 && !storesPosition ? "@" + offset : "");
        }
    }

    /** {@code /dev/null}: the pipe consumes what it would send, without taking references or a conversation. */
    public record NullSink(String name) implements Sink {
        @Override
        public void drain(final long vector, final int count, final long bytes, final int spliceFlags,
                          final boolean nonblock, final ActorRef<Drained> replyTo) {
            throw new UnsupportedOperationException("the pipe drains into /dev/null itself");
        }

        @Override
        public String describe() {
            return name;
        }
    }

    /**
     * A sink whose write fails once data is offered: a notification pipe as splice's or sendfile's output
     * (iter_file_splice_write reaches pipe_write, which says EXDEV), /dev/full as sendfile's (no
     * splice_write: EINVAL, but only when a chunk was read). The pipe (or sendfile) answers for it after
     * its own checks; nothing is offered.
     */
    public record RefusingSink(String name, Errno errno) implements Sink {
        @Override
        public void drain(final long vector, final int count, final long bytes, final int spliceFlags,
                          final boolean nonblock, final ActorRef<Drained> replyTo) {
            throw new UnsupportedOperationException(name + " refuses every write: " + errno);
        }

        @Override
        public String describe() {
            return name;
        }
    }

    /** The receive queue of the socket end opposite the descriptor written to. */
    public record SocketSink(ActorRef<SocketProtocol.Command> peer, boolean socketNonblock, String name)
        implements Sink {
        @Override
        public void drain(final long vector, final int count, final long bytes, final int spliceFlags,
                          final boolean nonblock, final ActorRef<Drained> replyTo) {
            peer.tell(new SocketProtocol.SplicePages(vector, count, bytes, socketNonblock,
                SpliceFlag.MORE.in(spliceFlags), replyTo));
        }

        @Override
        public String describe() {
            return name;
        }
    }

    /**
     * The source's answer: a sent {@link PageVector} ({@code vector}, 0 when none) whose references now
     * belong to the pipe, or an error with nothing transferred. {@code bytes == 0} and no error: EOF.
     */
    public record Filled(long vector, int count, long bytes, Errno error)
        implements PipeProtocol.Command {
        public static Filled eof() {
            return new Filled(0, 0, 0, null);
        }

        public static Filled failed(final Errno errno) {
            return new Filled(0, 0, 0, errno);
        }
    }

    /**
     * The sink's answer: how many bytes (from the front of the vector) it accepted, or an error when it
     * accepted none. The sink has put (or kept as its own) every reference of the vector.
     */
    public record Drained(long accepted, Errno error) implements PipeProtocol.Command {
    }
}
