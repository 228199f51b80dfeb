package org.splicelab.protocols;

import akka.actor.typed.ActorRef;

/**
 * Commands a {@code RelayActor} accepts: the owner of one relay channel buffer (kernel/relay.c, one
 * CPU's {@code rchan_buf}) and of the one open description of its relay file. The channel's sub-buffer
 * pages are lent to pipes by splice under the designs that still have {@code relay_file_splice_read}
 * (removed in 6.8); a pipe that releases such a buffer tells the owner what it accounted
 * ({@link Released}), as {@code relay_pipe_buf_release} does.
 */
public interface RelayProtocol {
    /** Everything a relay channel accepts. */
    interface Command {
    }

    /**
     * The kernel's {@code relay_write(chan, data, len)} (a tracer's record; no user-space call makes
     * one): the reply is the bytes written, 0 when the record was dropped (no room: the sub-buffers are
     * all produced and not yet consumed, or the record is larger than a sub-buffer).
     */
    record Write(byte[] data, ActorRef<SyscallResult> replyTo) implements Command {
    }

    /**
     * {@code relay_file_read} from the description's position: copies what is available, consuming it.
     * {@code userPage} as in {@link PipeProtocol.Read}.
     */
    record Read(int len, long userPage, ActorRef<SyscallResult> replyTo) implements Command {
    }

    /**
     * A pipe (holding its lock), or sendfile's private pipe, asks for at most {@code maxLen} bytes in at
     * most {@code maxBufs} buffers from the description's position ({@code relay_file_splice_read}).
     * What the channel gives depends on the kernel design: lent sub-buffer pages, private copies whose
     * bytes are consumed at once (pipes that hold only private pages), or EINVAL (no relay splice since 6.8).
     */
    record SpliceRead(long maxLen, int maxBufs, boolean nonblock, ActorRef<PipeIo.Filled> replyTo)
        implements Command {
    }

    /** A pipe released a relay buffer whose {@code private} word was {@code bytes}: relay_consume_bytes. */
    record Released(int bytes) implements Command {
    }

    /** fstat's st_size (the bytes of the finished sub-buffers, padding left out) and FIONREAD (size - f_pos). */
    record Size(boolean fionread, ActorRef<SyscallResult> replyTo) implements Command {
    }
}
