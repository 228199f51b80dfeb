package org.splicelab.protocols;

import akka.actor.typed.ActorRef;

/**
 * Commands a {@code PipeActor} accepts. Requests from processes carry the caller's reply address;
 * page references travel as {@link PageVector} handles (sending one transfers its references).
 */
public interface PipeProtocol {
    /** Everything a pipe accepts (STYLE.md 2.3: sealed, with one escape for the actor's own messages). */
    sealed interface Command permits Read, Write, SpliceIn, VmspliceIn, SpliceOut, PipeToPipe, PairLock, PairTake,
        PairInsert, PairUnlock, SetSize, GetSize, FionRead, CloseEnd, SetWatchSize, PostNote, PipeIo.Filled,
        PipeIo.Drained, Internal {
    }

    /** Actor-private messages (timers, adapters, a parked write's progress) implement this. */
    non-sealed interface Internal extends Command {
    }

    /**
     * read(2) on the read end; also vmsplice from the pipe. With a {@code userPage} (load runs) the bytes
     * are copied into that page of the reader's user buffer, page to page, and the reply is a count; the
     * request carries one reference to it, which the pipe puts when it replies. With
     * {@link org.splicelab.memory.PageRef#NULL} the bytes come back as {@link SyscallResult.Data}.
     */
    record Read(int len, boolean nonblock, long userPage, ActorRef<SyscallResult> replyTo) implements Command {
        /** A read whose bytes come back in the reply (litmus, vmsplice from the pipe). */
        public Read(final int len, final boolean nonblock, final ActorRef<SyscallResult> replyTo) {
            this(len, nonblock, org.splicelab.memory.PageRef.NULL, replyTo);
        }
    }

    /** write(2) on the write end. */
    record Write(byte[] data, boolean nonblock, ActorRef<SyscallResult> replyTo) implements Command {
    }

    /** splice from a file or socket into this pipe (also sendfile with this pipe as {@code out}). */
    record SpliceIn(PipeIo.Source source, long len, int spliceFlags, boolean nonblock,
                    ActorRef<SyscallResult> replyTo) implements Command {
    }

    /**
     * vmsplice of user pages into this pipe: the process took one reference per entry; the pipe keeps
     * what fits and puts the rest. Only SPLICE_F_NONBLOCK makes it non-blocking.
     */
    record VmspliceIn(long vector, int count, long bytes, boolean gift, boolean nonblock,
                      ActorRef<SyscallResult> replyTo) implements Command {
    }

    /** splice from this pipe to a file or socket. */
    record SpliceOut(PipeIo.Sink sink, long len, int spliceFlags, boolean nonblock,
                     ActorRef<SyscallResult> replyTo) implements Command {
    }

    /**
     * One pipe-to-pipe operation (splice between two pipes, or tee). It is sent to the pipe with the
     * lower id, which locks itself and asks the other to lock (address order, as the kernel's
     * {@code pipe_double_lock}); then the input side takes or duplicates buffers and the output side
     * inserts them and replies.
     */
    record PipeToPipe(ActorRef<Command> input, int inputId, ActorRef<Command> output, int outputId, long len,
                      boolean nonblock, boolean tee, ActorRef<SyscallResult> replyTo) implements Command {
        public ActorRef<Command> lower() {
            return inputId < outputId ? input : output;
        }

        public ActorRef<Command> higher() {
            return inputId < outputId ? output : input;
        }
    }

    /** What a locked pipe tells its partner about itself. */
    record PipeState(int freeSlots, int occupied, long queuedBytes, int readers, int writers) {
    }

    /** Lower pipe → higher pipe: I am locked for {@code op}; lock yourself. */
    record PairLock(PipeToPipe op, PipeState lowerState) implements Command {
    }

    /** Output (lower) → input: both are locked; take up to {@code freeSlots} buffers for me. */
    record PairTake(PipeToPipe op, int freeSlots) implements Command {
    }

    /**
     * Input → output: insert these buffers (references transferred), unlock and reply; or, when
     * {@code error} is set (a duplicate reference could not be taken: EFAULT), unlock and reply the error.
     */
    record PairInsert(PipeToPipe op, long vector, int count, long bytes, Errno error) implements Command {
    }

    /** The higher pipe → the lower: nothing moves; unlock; optionally park the op until data/room. */
    record PairUnlock(PipeToPipe op, Park park) implements Command {
    }

    /** Where a pipe-to-pipe op waits. */
    enum Park { NONE, FOR_DATA, FOR_ROOM }

    /** F_SETPIPE_SZ. */
    record SetSize(long bytes, ActorRef<SyscallResult> replyTo) implements Command {
    }

    /** F_GETPIPE_SZ. */
    record GetSize(ActorRef<SyscallResult> replyTo) implements Command {
    }

    /** FIONREAD. */
    /** IOC_WATCH_QUEUE_SET_SIZE (ENODEV on a pipe that is not a notification pipe). */
    record SetWatchSize(long notes, ActorRef<SyscallResult> replyTo) implements Command {
    }

    /** The kernel posts {@code note} into this notification pipe (under the rd_wait spinlock, not the mutex). */
    record PostNote(byte[] note, ActorRef<SyscallResult> replyTo) implements Command {
    }

    record FionRead(ActorRef<SyscallResult> replyTo) implements Command {
    }

    /** One holder of an end closes it (close(2) or process exit). */
    record CloseEnd(boolean writeEnd, ActorRef<SyscallResult> replyTo) implements Command {
    }
}
