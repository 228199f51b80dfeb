package org.splicelab.protocols;

import akka.actor.typed.ActorRef;

/**
 * Commands a {@code SocketActor} accepts. One actor per end of a connected pair (stream or UDP); it owns that
 * end's receive queue of fragments (page references, MSG_SPLICE_PAGES style). Writes to end A are sent
 * to end B's actor, which queues them for B's reader.
 */
public interface SocketProtocol {
    /** Everything a socket end accepts. */
    interface Command {
    }

    /** Actor-private messages. */
    interface Internal extends Command {
    }

    /** Reply types some conversations use. */
    interface Reply {
    }

    /** write(2)/send on the peer end: bytes copied into fresh pages queued here. */
    record Deliver(byte[] data, boolean nonblock, ActorRef<SyscallResult> replyTo) implements Command {
    }

    /**
     * sendmsg(MSG_SPLICE_PAGES): the references become fragments queued here (no copy). {@code more}
     * is MSG_MORE (SPLICE_F_MORE, or sendfile with more chunks to come): a UDP socket corks the data
     * into the datagram the next send completes.
     */
    record SplicePages(long vector, int count, long bytes, boolean nonblock, boolean more,
                       ActorRef<PipeIo.Drained> replyTo) implements Command {
        public SplicePages(final long vector, final int count, final long bytes, final boolean nonblock,
                           final ActorRef<PipeIo.Drained> replyTo) {
            this(vector, count, bytes, nonblock, false, replyTo);
        }
    }

    /**
     * {@code ->splice_eof} (6.5+): sendfile's input hit EOF after some bytes were sent with MSG_MORE;
     * a UDP socket sends the datagram it corked ({@code udp_splice_eof}), the other kinds do nothing
     * observable. The reply accepts nothing.
     */
    record SpliceEof(ActorRef<PipeIo.Drained> replyTo) implements Command {
    }

    /** read(2) on this end; {@code userPage} as in {@link PipeProtocol.Read}. */
    record Read(int len, boolean nonblock, long userPage, ActorRef<SyscallResult> replyTo) implements Command {
        /** A read whose bytes come back in the reply. */
        public Read(final int len, final boolean nonblock, final ActorRef<SyscallResult> replyTo) {
            this(len, nonblock, org.splicelab.memory.PageRef.NULL, replyTo);
        }
    }

    /** splice this end's queue into a pipe: fragment references handed to the pipe (nosteal). */
    record SpliceRead(long maxLen, int maxBufs, boolean nonblock, ActorRef<PipeIo.Filled> replyTo)
        implements Command {
    }

    /** One holder of this end closes it. */
    record Close(ActorRef<SyscallResult> replyTo) implements Command {
    }

    /**
     * The peer end's last holder closed it: reads see EOF after the queue drains; writes to it fail.
     * When {@code replyTo} is set, this end acknowledges the close to it after waking its readers, so
     * the closing process exits only after the wake-ups it caused (no false deadlock).
     */
    record PeerClosed(ActorRef<SyscallResult> replyTo) implements Command {
    }

    /** Bytes queued (FIONREAD on a socket; traces). */
    record Queued(ActorRef<SyscallResult> replyTo) implements Command {
    }
}
