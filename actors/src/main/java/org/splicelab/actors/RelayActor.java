package org.splicelab.actors;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.Signal;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import org.splicelab.memory.PageRef;
import org.splicelab.protocols.Errno;
import org.splicelab.protocols.PageVector;
import org.splicelab.protocols.PipeIo;
import org.splicelab.protocols.RelayProtocol;
import org.splicelab.protocols.RelayProtocol.Command;
import org.splicelab.protocols.SyscallResult;

/**
 * The owner of one relay channel ({@link RelayChannel}) and of its relay file's one description: the
 * kernel's writer (relay_write), read(2), splice's relay_file_splice_read under the designs that have it,
 * and the accounting of released relay pipe buffers, which pipes report through
 * {@link Kernel#relays()}. Never blocks: relay reads and splices return what is there.
 */
public final class RelayActor extends DirectBehavior<Command> {
    private final Kernel kernel;
    private final RelayChannel channel;
    private final PageVector vector;
    private final Object registration;

    /** The owner of {@code channel} (built by whoever builds the world). */
    static Behavior<Command> create(final Kernel kernel, final RelayChannel channel) {
        return Behaviors.setup(context -> new RelayActor(context, kernel, channel));
    }

    private RelayActor(final ActorContext<Command> context, final Kernel kernel, final RelayChannel channel) {
        super(context);
        this.kernel = kernel;
        this.channel = channel;
        this.vector = kernel.vectors().vector();
        final ActorRef<Command> self = context.getSelf();
        this.registration = kernel.relays().register(channel.pages(), bytes -> self.tell(new RelayProtocol.Released(bytes)));
    }

    @Override
    protected Behavior<Command> onMessage(final Command m) {
        if (m instanceof RelayProtocol.Released r) {
            channel.consumeBytes(r.bytes());
            kernel.stats().relayConsumedOnRelease.add(r.bytes());
        } else if (m instanceof RelayProtocol.Write w) {
            final int n = channel.write(w.data());
            kernel.stats().relayRecords.increment();
            if (n == 0 && w.data().length > 0) {
                kernel.stats().relayDropped.increment();
            }
            w.replyTo().tell(SyscallResult.count(n));
        } else if (m instanceof RelayProtocol.Read r) {
            onRead(r);
        } else if (m instanceof RelayProtocol.SpliceRead s) {
            onSpliceRead(s);
        } else if (m instanceof RelayProtocol.Size q) {
            q.replyTo().tell(SyscallResult.count(q.fionread() ? channel.size() - channel.position() : channel.size()));
        }
        return this;
    }

    private void onRead(final RelayProtocol.Read r) {
        if (r.userPage() == PageRef.NULL) {
            final byte[] buf = new byte[r.len()];
            final int n = channel.read(buf, 0, r.len());
            r.replyTo().tell(SyscallResult.data(n == buf.length ? buf : java.util.Arrays.copyOf(buf, n)));
            return;
        }
        final int n = channel.readInto(r.len(), r.userPage());
        UserBuffer.giveBack(kernel.arena(), r.userPage());
        r.replyTo().tell(SyscallResult.count(n));
    }

    private void onSpliceRead(final RelayProtocol.SpliceRead s) {
        final KernelPolicy.RelaySplice how = kernel.policy().relaySplice();
        if (how == KernelPolicy.RelaySplice.NONE) {
            // do_splice_read: a length of 0 is 0 first, then no ->splice_read: EINVAL (warn_unsupported)
            s.replyTo().tell(s.maxLen() == 0 ? PipeIo.Filled.eof() : PipeIo.Filled.failed(Errno.EINVAL));
            return;
        }
        vector.open();
        final long bytes = channel.spliceRead(s.maxLen(), s.maxBufs(), how == KernelPolicy.RelaySplice.COPY, kernel,
            vector);
        if (bytes <= 0) {
            vector.release();
            s.replyTo().tell(bytes == RelayChannel.AGAIN ? PipeIo.Filled.failed(Errno.EAGAIN)
                : bytes < 0 ? PipeIo.Filled.failed(Errno.ENOMEM)
                : s.nonblock() ? PipeIo.Filled.failed(Errno.EAGAIN) : PipeIo.Filled.eof());
            return;
        }
        final int count = vector.count();
        s.replyTo().tell(new PipeIo.Filled(vector.send(), count, bytes, null));
    }

    @Override
    protected Behavior<Command> onSignal(final Signal signal) {
        if (signal instanceof PostStop) {
            if (vector.isWrapped()) {
                vector.discard(kernel.arena());
            }
            kernel.relays().unregister(registration);
            channel.free();
        }
        return this;
    }
}
