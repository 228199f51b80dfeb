package org.splicelab.protocols;

import akka.actor.typed.ActorRef;

/**
 * Commands a {@code PageCacheActor} (the owner of one file's page cache) accepts: everything that
 * changes the cache's structure or needs the disk. Lookups are not here: any actor looks pages up in
 * the shared {@link org.splicelab.memory.PageCache} in its own thread and asks the owner to {@link Fill}
 * on a miss. Offsets below 0 mean "the description's position", which then moves.
 */
public interface PageCacheProtocol {
    /** Everything a page cache accepts. */
    sealed interface Command permits ReadDirect, Write, SpliceReadDirect, WritePages, Fill, Truncate, Fsync,
        FadviseDontneed, Internal {
    }

    /** Actor-private messages. */
    non-sealed interface Internal extends Command {
    }

    /** read(2) / pread(2) on an O_DIRECT description: flush, then read the backing store. */
    record ReadDirect(FilePosition position, long offset, int len, ActorRef<SyscallResult> replyTo)
        implements Command {
    }

    /** write(2) / pwrite(2); {@code append}: O_APPEND, which on Linux appends even for pwrite (pwrite(2), BUGS). */
    record Write(FilePosition position, long offset, byte[] data, boolean append, ActorRef<SyscallResult> replyTo)
        implements Command {
    }

    /** {@code copy_splice_read} for an O_DIRECT input: fresh pages filled from the disk, in a PageVector. */
    record SpliceReadDirect(FilePosition position, long offset, long maxLen, int maxBufs,
                            ActorRef<PipeIo.Filled> replyTo) implements Command {
    }

    /** splice_write from a pipe: copy the vector's bytes into the file, put every reference. */
    record WritePages(FilePosition position, long offset, boolean storesPosition, long vector, int count, long bytes,
                      ActorRef<PipeIo.Drained> replyTo) implements Command {
    }

    /**
     * A lookup missed: read pages {@code [index, index + pages)} that are not cached from the disk
     * into the cache (readahead), stopping at end of file. The reply says how many were inserted.
     */
    record Fill(long index, int pages, ActorRef<Filled> replyTo) implements Command {
    }

    /**
     * The answer to {@link Fill}: {@code inserted} pages were read in ({@code error}: ENOMEM, arena
     * exhausted). {@code pins} is a sent {@link PageVector} ({@code pinCount} entries, 0 when none)
     * holding one reference to each page of the range that is cached now, as {@code filemap_create_folio}
     * leaves one in the reader's batch: while the requester holds them, no eviction or steal can take
     * those pages away before it looks them up again. The requester puts them when it has.
     */
    record Filled(long index, int inserted, long pins, int pinCount, Errno error) {
    }

    /** ftruncate(2). */
    record Truncate(long length, ActorRef<SyscallResult> replyTo) implements Command {
    }

    /** fsync(2): write dirty pages back. */
    record Fsync(ActorRef<SyscallResult> replyTo) implements Command {
    }

    /** posix_fadvise(POSIX_FADV_DONTNEED): drop clean cached pages nobody else references. */
    record FadviseDontneed(ActorRef<SyscallResult> replyTo) implements Command {
    }
}
