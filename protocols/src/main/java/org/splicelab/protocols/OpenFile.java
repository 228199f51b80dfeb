package org.splicelab.protocols;

import akka.actor.typed.ActorRef;
import org.splicelab.memory.PageCache;

/**
 * An open file description as a process's fd table sees it: which actor owns the object, and the
 * status flags. Immutable; several processes may hold the same description (inherited, as after fork),
 * and the object's actor counts those holders.
 */
public sealed interface OpenFile permits OpenFile.RegularFile, OpenFile.PipeEnd, OpenFile.SocketEnd,
    OpenFile.Device, OpenFile.RelayFile {
    /** The name the test or scenario gave the descriptor ({@code f}, {@code p.w}, {@code s.0}). */
    String name();

    OpenFlags flags();

    /**
     * A regular file: the actor that owns its page cache ({@code cache}: fills, writes, truncate), the
     * shared page cache itself ({@code pages}: any actor looks pages up in its own thread), this
     * description's position, and what O_DIRECT reads and writes must be aligned to (1: anything goes;
     * the file's {@link Filesystem}).
     */
    record RegularFile(String name, ActorRef<PageCacheProtocol.Command> cache, PageCache pages,
                       FilePosition position, OpenFlags flags, int directIoAlignment, boolean dax) implements OpenFile {
        /** A file with no O_DIRECT alignment rule (tmpfs's, and the model's when no filesystem is named). */
        public RegularFile(final String name, final ActorRef<PageCacheProtocol.Command> cache, final PageCache pages,
                           final FilePosition position, final OpenFlags flags) {
            this(name, cache, pages, position, flags, 1, false);
        }

        /** A page-cache (not DAX) file whose O_DIRECT reads and writes are aligned to {@code directIoAlignment}. */
        public RegularFile(final String name, final ActorRef<PageCacheProtocol.Command> cache, final PageCache pages,
                           final FilePosition position, final OpenFlags flags, final int directIoAlignment) {
            this(name, cache, pages, position, flags, directIoAlignment, false);
        }

        /**
         * Whether a splice or sendfile from this description goes through {@code copy_splice_read} (fresh
         * private pages the file's read_iter fills) instead of lending page-cache pages: O_DIRECT, or a
         * DAX inode, which has no page cache ({@code vfs_splice_read}: {@code (in->f_flags & O_DIRECT) ||
         * IS_DAX(in->f_mapping->host)}, fs/splice.c since 6.5; before, generic_file_splice_read's ITER_PIPE
         * read_iter copied into pipe pages for both, so every model copies).
         */
        public boolean copySpliceRead() {
            return flags.direct() || dax;
        }

        public long fileId() {
            return pages.fileId();
        }
    }

    /**
     * One end of a pipe; {@code notification}: a notification pipe (O_NOTIFICATION_PIPE), which
     * get_pipe_info(file, true) does not count as a pipe for splice, tee and vmsplice.
     */
    record PipeEnd(String name, ActorRef<PipeProtocol.Command> pipe, int pipeId, boolean writeEnd,
                   OpenFlags flags, boolean notification) implements OpenFile {
        public PipeEnd(final String name, final ActorRef<PipeProtocol.Command> pipe, final int pipeId,
                       final boolean writeEnd, final OpenFlags flags) {
            this(name, pipe, pipeId, writeEnd, flags, false);
        }
    }

    /**
     * {@code /dev/null}, {@code /dev/zero} or {@code /dev/full} ({@link CharDevice}): writes and splices
     * into null and zero succeed and discard (splice_write_null takes no page reference); reads of null
     * are EOF, of zero and full zeros.
     */
    record Device(String name, OpenFlags flags, CharDevice device) implements OpenFile {
        /** {@code /dev/null}. */
        public Device(final String name, final OpenFlags flags) {
            this(name, flags, CharDevice.NULL);
        }
    }

    /**
     * One end of a connected pair (stream, or UDP datagram sockets): {@code self} owns this end's receive queue (reads, splice
     * to a pipe), {@code peer} owns the other end's (writes and splices into this end land there).
     */
    record SocketEnd(String name, ActorRef<SocketProtocol.Command> self, ActorRef<SocketProtocol.Command> peer,
                     int socketId, int end, SocketKind kind, OpenFlags flags) implements OpenFile {
        public boolean tcp() {
            return kind == SocketKind.TCP;
        }

        /**
         * Whether the socket's own wait for data is non-blocking in a splice or sendfile to a pipe whose
         * call is {@code callNonblock} (SPLICE_F_NONBLOCK or the pipe's O_NONBLOCK): AF_UNIX honours it,
         * TCP and UDP only the socket's O_NONBLOCK (observed on 6.18: SEMANTICS §2.5; UDP goes through
         * copy_splice_read, whose kiocb carries no IOCB_NOWAIT).
         */
        public boolean readNonblock(final boolean callNonblock) {
            return flags.nonblock() || kind == SocketKind.UNIX && callNonblock;
        }
    }

    /**
     * A relay file (debugfs, {@code relay_file_operations}), read-only and not seekable: {@code relay}
     * owns the channel buffer behind it and this description's position.
     */
    record RelayFile(String name, ActorRef<RelayProtocol.Command> relay, OpenFlags flags) implements OpenFile {
    }
}
