package org.splicelab.protocols;

import akka.actor.typed.ActorRef;
import org.splicelab.memory.PageCache;

/**
 * An open file description as a process's fd table sees it: which actor owns the object, and the
 * status flags. Immutable; several processes may hold the same description (inherited, as after fork),
 * and the object's actor counts those holders.
 */
public sealed interface OpenFile permits OpenFile.RegularFile, OpenFile.PipeEnd, OpenFile.SocketEnd,
    OpenFile.NullDevice {
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
                       FilePosition position, OpenFlags flags, int directIoAlignment) implements OpenFile {
        /** A file with no O_DIRECT alignment rule (tmpfs's, and the model's when no filesystem is named). */
        public RegularFile(final String name, final ActorRef<PageCacheProtocol.Command> cache, final PageCache pages,
                           final FilePosition position, final OpenFlags flags) {
            this(name, cache, pages, position, flags, 1);
        }

        public long fileId() {
            return pages.fileId();
        }
    }

    /** One end of a pipe. */
    record PipeEnd(String name, ActorRef<PipeProtocol.Command> pipe, int pipeId, boolean writeEnd,
                   OpenFlags flags) implements OpenFile {
    }

    /**
     * {@code /dev/null}: writes and splices into it succeed and discard (splice_write_null takes no page
     * reference); reads return EOF.
     */
    record NullDevice(String name, OpenFlags flags) implements OpenFile {
    }

    /**
     * One end of a connected stream pair: {@code self} owns this end's receive queue (reads, splice
     * to a pipe), {@code peer} owns the other end's (writes and splices into this end land there).
     */
    record SocketEnd(String name, ActorRef<SocketProtocol.Command> self, ActorRef<SocketProtocol.Command> peer,
                     int socketId, int end, boolean tcp, OpenFlags flags) implements OpenFile {
    }
}
