package org.splicelab.protocols;

import akka.actor.typed.ActorRef;

/**
 * Commands a {@code PageCacheActor} (one per file) accepts. Offsets below 0 mean "the description's
 * position" (which the page cache keeps per description id, and advances).
 */
public interface PageCacheProtocol {
    /** Everything a page cache accepts. */
    interface Command {
    }

    /** Actor-private messages. */
    interface Internal extends Command {
    }

    /** read(2) / pread(2); {@code direct}: O_DIRECT (flush, then read the backing store). */
    record Read(int descId, long offset, int len, boolean direct, ActorRef<SyscallResult> replyTo) implements Command {
    }

    /** write(2) / pwrite(2); {@code append}: O_APPEND, which on Linux appends even for pwrite (pwrite(2), BUGS). */
    record Write(int descId, long offset, byte[] data, boolean append, ActorRef<SyscallResult> replyTo)
        implements Command {
    }

    /** splice_read into a pipe: references to cached pages (or fresh copies for O_DIRECT) in a PageVector. */
    record SpliceRead(int descId, long offset, long maxLen, int maxBufs, int spliceFlags, boolean direct,
                      ActorRef<PipeIo.Filled> replyTo) implements Command {
    }

    /** splice_write from a pipe: copy the vector's bytes into the file, put every reference. */
    record WritePages(int descId, long offset, long vector, int count, long bytes, ActorRef<PipeIo.Drained> replyTo)
        implements Command {
    }

    /** Moves a description's position by {@code delta} (sendfile reports what it wrote). */
    record Advance(int descId, long delta, ActorRef<SyscallResult> replyTo) implements Command {
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

    /** fstat(2) st_size. */
    record Size(ActorRef<SyscallResult> replyTo) implements Command {
    }

    /** FIONREAD on a regular file: size minus the description's position (never negative). */
    record Remaining(int descId, ActorRef<SyscallResult> replyTo) implements Command {
    }

    /** The description's position (for sendfile and traces). */
    record Position(int descId, ActorRef<SyscallResult> replyTo) implements Command {
    }
}
