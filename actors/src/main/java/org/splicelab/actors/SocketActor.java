package org.splicelab.actors;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.Signal;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import java.util.ArrayDeque;
import org.splicelab.memory.PageRef;
import org.splicelab.protocols.Errno;
import org.splicelab.protocols.PageVector;
import org.splicelab.protocols.PipeIo;
import org.splicelab.protocols.SocketKind;
import org.splicelab.protocols.SocketProtocol;
import org.splicelab.protocols.SocketProtocol.Close;
import org.splicelab.protocols.SocketProtocol.Command;
import org.splicelab.protocols.SocketProtocol.Deliver;
import org.splicelab.protocols.SocketProtocol.PeerClosed;
import org.splicelab.protocols.SocketProtocol.Queued;
import org.splicelab.protocols.SocketProtocol.Read;
import org.splicelab.protocols.SocketProtocol.SplicePages;
import org.splicelab.protocols.SocketProtocol.SpliceRead;
import org.splicelab.protocols.SyscallResult;

/**
 * One end of a connected stream pair (AF_UNIX {@code unix_stream_*} or TCP-like): owns the end's
 * {@link SocketQueue}. The peer's {@code sendmsg} arrives as {@link Deliver} (copy) or {@link SplicePages}
 * ({@code MSG_SPLICE_PAGES}, references); this end's readers use {@link Read} ({@code recvmsg}) and
 * {@link SpliceRead} ({@code skb_splice_bits}). Requests that cannot proceed are parked in FIFO order
 * ({@code sk_wait_data}, {@code sk_stream_wait_memory}) and woken when data, room or a close arrives.
 *
 * <p>A UDP end ({@link SocketKind#UDP}, two connected datagram sockets on 127.0.0.1) keeps datagram
 * boundaries ({@link SocketQueue}); its sends never wait (a datagram the full queue cannot take is
 * dropped, one sent to a closed end vanishes: the ICMP port-unreachable error the sender would see on
 * a later call is not modelled); its reads wait until a datagram arrives, whatever the peer did (UDP
 * has no EOF).
 *
 * <p>The spawner creates both ends, then sends each a {@link Connect} naming the other.
 */
public final class SocketActor extends DirectBehavior<Command> {
    /** Tells an end who its peer is (sent by the spawner right after spawning both ends). */
    public record Connect(ActorRef<Command> peer) implements SocketProtocol.Internal {
    }

    private enum PeerStopped implements SocketProtocol.Internal { INSTANCE }

    /**
     * A fault (scenarios): the connection is reset. This end drops its queue and every parked request
     * fails with ECONNRESET; the end stays usable (the next data starts a fresh stream).
     */
    public enum Reset implements SocketProtocol.Internal { INSTANCE }

    /** A blocking write parked with {@code done} bytes of it already queued. */
    private static final class PendingDeliver {
        final Deliver request;
        int done;

        PendingDeliver(final Deliver request, final int done) {
            this.request = request;
            this.done = done;
        }
    }

    private final Kernel kernel;
    private final SocketQueue queue;
    private final PageVector vector;
    private final boolean tcp;
    private final boolean udp;
    private final ArrayDeque<Object> writers = new ArrayDeque<>();
    private final ArrayDeque<Command> readers = new ArrayDeque<>();
    /**
     * The blocking splice at the head of {@link #writers} once it has started queuing (null before): its
     * vector is held in {@link #held}, entries before {@link #heldNext} are queued, and so are the first
     * {@link #heldSkip} bytes of entry {@code heldNext}; {@link #heldDone} bytes in all.
     */
    private SplicePages heldRequest;
    private final PageVector held;
    private int heldNext;
    private int heldSkip;
    private long heldDone;
    private ActorRef<Command> peer;
    private int holders;
    private boolean closed;
    private boolean peerClosed;

    /** An end held by {@code holders} descriptors; {@code tcp} for a TCP-like pair, else AF_UNIX stream. */
    public static Behavior<Command> create(final Kernel kernel, final int holders, final boolean tcp) {
        return create(kernel, holders, tcp ? SocketKind.TCP : SocketKind.UNIX);
    }

    /** An end of a {@code kind} pair held by {@code holders} descriptors. */
    public static Behavior<Command> create(final Kernel kernel, final int holders, final SocketKind kind) {
        return Behaviors.setup(context -> new SocketActor(context, kernel, holders, kind));
    }

    private SocketActor(final ActorContext<Command> context, final Kernel kernel, final int holders,
                        final SocketKind kind) {
        super(context);
        this.kernel = kernel;
        this.queue = new SocketQueue(kernel, kind);
        this.vector = kernel.vectors().vector();
        this.held = kernel.vectors().vector();
        this.holders = holders;
        this.tcp = kind == SocketKind.TCP;
        this.udp = kind == SocketKind.UDP;
    }

    @Override
    protected Behavior<Command> onMessage(final Command m) {
        if (m instanceof Deliver x) {
            return onDeliver(x);
        }
        if (m instanceof SplicePages x) {
            return onSplicePages(x);
        }
        if (m instanceof Read x) {
            return onRead(x);
        }
        if (m instanceof SpliceRead x) {
            return onSpliceRead(x);
        }
        if (m instanceof Queued x) {
            return onQueued(x);
        }
        if (m instanceof SocketProtocol.SpliceEof x) {
            if (udp && !closed) {
                queue.pushCorked();
                wake();
            }
            x.replyTo().tell(new PipeIo.Drained(0, null));
            return this;
        }
        if (m instanceof Close x) {
            return onClose(x);
        }
        if (m == Reset.INSTANCE) {
            return onReset();
        }
        if (m instanceof PeerClosed x) {
            return onPeerClosed(x.replyTo());
        }
        if (m == PeerStopped.INSTANCE) {
            return onPeerStopped();
        }
        if (m instanceof Connect x) {
            return onConnect(x);
        }
        return Behaviors.unhandled();
    }

    @Override
    protected Behavior<Command> onSignal(final Signal signal) {
        if (signal instanceof PostStop) {
            return onPostStop();
        }
        return Behaviors.unhandled();
    }

    // ------------------------------------------------------------------ writes from the peer

    private Behavior<Command> onDeliver(final Deliver m) {
        if (udp) {
            m.replyTo().tell(datagramResult(closed ? dropped(m.data().length) : queue.sendDatagram(m.data(), false)));
            wake();
            return this;
        }
        if (closed) {
            m.replyTo().tell(SyscallResult.fail(Errno.EPIPE));
            return this;
        }
        final int len = m.data().length;
        kernel.stats().socketSends.increment();
        final int n = writers.isEmpty() ? queue.deliver(m.data(), 0, len) : 0;
        if (n == len) {
            m.replyTo().tell(SyscallResult.count(n));
        } else if (endsWithoutMemory()) {
            m.replyTo().tell(n > 0 ? SyscallResult.count(n) : SyscallResult.fail(Errno.ENOBUFS));
        } else if (m.nonblock()) {
            m.replyTo().tell(n > 0 ? SyscallResult.count(n) : SyscallResult.fail(noRoomErrno()));
        } else {
            park(writers, new PendingDeliver(m, n));
        }
        wake();
        return this;
    }

    private Behavior<Command> onSplicePages(final SplicePages m) {
        kernel.stats().socketSends.increment();
        if (udp) {
            final PageVector in = vector.receive(m.vector());
            final long r;
            if (closed) {
                in.discard(kernel.arena());
                r = dropped(m.bytes());
            } else {
                r = queue.sendDatagram(in, m.bytes(), m.more());
            }
            m.replyTo().tell(r >= 0 ? new PipeIo.Drained(r, null) : new PipeIo.Drained(0, datagramErrno(r)));
            wake();
            return this;
        }
        if (closed || (m.nonblock() && (!writers.isEmpty() || queue.room() == 0))) {
            vector.receive(m.vector()).discard(kernel.arena());
            m.replyTo().tell(new PipeIo.Drained(0, closed ? Errno.EPIPE : Errno.EAGAIN));
        } else if (!writers.isEmpty() || queue.room() == 0) {
            park(writers, m);
        } else if (m.nonblock()) {
            m.replyTo().tell(accept(m)); // MSG_DONTWAIT: what fits, and the call returns
            wake();
        } else {
            writers.add(m);
            if (!sendHeld(false)) {
                kernel.monitor().blocked();
                kernel.stats().blockedWaits.increment();
            }
            wake();
        }
        return this;
    }

    /**
     * Carries the blocking splice at the head of {@link #writers} on as far as room allows (receiving its
     * vector on the first step). Returns true when the call ended and was answered: everything queued, or
     * AF_UNIX out of frames, or a page at its reference limit (then with what was queued, or the error);
     * it has then left {@link #writers}, and, when it was {@code parked}, been counted as woken before the
     * answer (so that whoever gets the answer sees it running).
     * A blocking {@code sendmsg(MSG_SPLICE_PAGES)} returns only when its whole vector is queued: observed
     * on Linux 6.18 (a splice pipe -> unix or TCP socket of 8192 bytes into a full socket returned 8192
     * only after the reader drained it, not when a first read made room for part of it).
     */
    private boolean sendHeld(final boolean parked) {
        if (heldRequest == null) {
            heldRequest = (SplicePages) writers.peek();
            held.receive(heldRequest.vector());
            heldNext = 0;
            heldSkip = 0;
            heldDone = 0;
        }
        while (heldNext < held.count()) {
            final int rest = held.len(heldNext) - heldSkip;
            final int n = queue.acceptEntry(held, heldNext, heldSkip);
            heldDone += n;
            if (n == rest) {
                heldNext++;
                heldSkip = 0;
            } else if (n > 0) {
                heldSkip += n;
                return false; // the queue is full: wait for a reader
            } else if (queue.room() == 0 || (queue.outOfFrames() && tcp)) {
                return false; // full, or TCP waiting for memory (sk_stream_wait_memory)
            } else {
                leaveWriters(parked);
                endHeld(heldDone > 0 ? null : queue.outOfFrames() ? Errno.ENOBUFS : Errno.EFAULT);
                return true;
            }
        }
        leaveWriters(parked);
        endHeld(null);
        return true;
    }

    private void leaveWriters(final boolean parked) {
        writers.poll();
        if (parked) {
            kernel.monitor().unblocked();
            kernel.stats().wakeups.increment();
        }
    }

    /**
     * Answers the held splice with the bytes it queued, or {@code error} when it queued none; puts the
     * references of what it did not queue.
     */
    private void endHeld(final Errno error) {
        final SplicePages m = heldRequest;
        heldRequest = null;
        held.discard(kernel.arena(), heldNext);
        m.replyTo().tell(heldDone > 0 ? new PipeIo.Drained(heldDone, null) : new PipeIo.Drained(0, error));
    }

    // ------------------------------------------------------------------ reads on this end

    private Behavior<Command> onRead(final Read m) {
        if (m.len() <= 0) {
            replyRead(m, m.userPage() == PageRef.NULL ? SyscallResult.data(new byte[0]) : SyscallResult.count(0));
        } else if (readers.isEmpty() && readable()) {
            serve(m);
            wake();
        } else if (m.nonblock()) {
            replyRead(m, SyscallResult.fail(Errno.EAGAIN));
        } else {
            park(readers, m);
        }
        return this;
    }

    private Behavior<Command> onSpliceRead(final SpliceRead m) {
        if (m.maxLen() <= 0 || m.maxBufs() <= 0) {
            m.replyTo().tell(PipeIo.Filled.eof());
        } else if (readers.isEmpty() && readable()) {
            serve(m);
            wake();
        } else if (m.nonblock()) {
            m.replyTo().tell(PipeIo.Filled.failed(Errno.EAGAIN));
        } else {
            park(readers, m);
        }
        return this;
    }

    private Behavior<Command> onQueued(final Queued m) {
        m.replyTo().tell(SyscallResult.count(udp ? queue.firstDatagram() : queue.bytes()));
        return this;
    }

    /** A datagram sent to an end that is closed: it is lost, the send succeeds. */
    private long dropped(final long len) {
        kernel.stats().bytesIn.add(len);   // it reached the socket layer, which discarded it
        kernel.stats().discarded(KernelStats.Discard.DATAGRAM_DROPPED, len);
        return len;
    }

    private static SyscallResult datagramResult(final long r) {
        return r >= 0 ? SyscallResult.count(r) : SyscallResult.fail(datagramErrno(r));
    }

    /** EMSGSIZE (over 65507 bytes), or ENOBUFS when no page was left for the datagram. */
    private static Errno datagramErrno(final long r) {
        return r == SocketQueue.EMSGSIZE ? Errno.EMSGSIZE : Errno.ENOBUFS;
    }

    // ------------------------------------------------------------------ life cycle

    private Behavior<Command> onConnect(final Connect m) {
        if (peer != null) {
            getContext().unwatch(peer);
        }
        peer = m.peer();
        getContext().watchWith(peer, PeerStopped.INSTANCE);
        if (holders == 0 && !closed) {
            closeEnd(); // no process holds this end: it is closed from the start
            peer.tell(new PeerClosed(null));
        }
        return this;
    }

    private Behavior<Command> onReset() {
        queue.clear(KernelStats.Discard.SOCKET_RESET);
        while (!writers.isEmpty()) {
            kernel.monitor().unblocked();
            final Object w = writers.poll();
            if (w instanceof PendingDeliver p) {
                p.request.replyTo().tell(p.done > 0 ? SyscallResult.count(p.done) : SyscallResult.fail(Errno.ECONNRESET));
            } else if (w == heldRequest) {
                endHeld(Errno.ECONNRESET);
            } else {
                final SplicePages sp = (SplicePages) w;
                vector.receive(sp.vector()).discard(kernel.arena());
                sp.replyTo().tell(new PipeIo.Drained(0, Errno.ECONNRESET));
            }
        }
        while (!readers.isEmpty()) {
            kernel.monitor().unblocked();
            final Command r = readers.poll();
            if (r instanceof Read rd) {
                replyRead(rd, SyscallResult.fail(Errno.ECONNRESET));
            } else if (r instanceof SpliceRead sr) {
                sr.replyTo().tell(PipeIo.Filled.failed(Errno.ECONNRESET));
            }
        }
        return this;
    }

    private Behavior<Command> onClose(final Close m) {
        if (holders <= 0) {
            m.replyTo().tell(SyscallResult.fail(Errno.EBADF));
            return this;
        }
        if (--holders > 0) {
            m.replyTo().tell(SyscallResult.count(0));
            return this;
        }
        closeEnd();
        if (peer != null && !peerClosed) {
            peer.tell(new PeerClosed(m.replyTo()));
        } else {
            m.replyTo().tell(SyscallResult.count(0));
        }
        return this;
    }

    private Behavior<Command> onPeerClosed(final ActorRef<SyscallResult> closeReplyTo) {
        peerClosed = true;
        wake();
        if (closeReplyTo != null) {
            closeReplyTo.tell(SyscallResult.count(0));
        }
        return this;
    }

    /** The peer's actor stopped (end of a run, or it failed): it can no longer write or acknowledge. */
    private Behavior<Command> onPeerStopped() {
        peer = null;
        return onPeerClosed(null);
    }

    /** The last holder closed this end: drop the queue, fail parked writers, give parked readers EOF. */
    private void closeEnd() {
        closed = true;
        queue.clear(KernelStats.Discard.SOCKET_CLOSED);
        getContext().getLog().debug("socket end closed tcp={} parkedWriters={} parkedReaders={}",
            tcp, writers.size(), readers.size());
        while (!writers.isEmpty()) {
            kernel.monitor().unblocked();
            reject(writers.poll());
        }
        wake();
    }

    private Behavior<Command> onPostStop() {
        if (vector.isWrapped()) {
            vector.discard(kernel.arena()); // a message handler failed half-way: its references go too
        }
        queue.clear(KernelStats.Discard.END_OF_RUN);
        for (final Object w : writers) {
            if (w == heldRequest) {
                held.discard(kernel.arena(), heldNext);
                heldRequest = null;
            } else if (w instanceof SplicePages s) {
                vector.receive(s.vector()).discard(kernel.arena());
            }
        }
        writers.clear();
        for (final Command r : readers) {
            if (r instanceof Read rd) {
                UserBuffer.giveBack(kernel.arena(), rd.userPage());
            }
        }
        readers.clear();
        return this;
    }

    /** The reply ends a read: the user page reference it carried is put. */
    private void replyRead(final Read r, final SyscallResult result) {
        UserBuffer.giveBack(kernel.arena(), r.userPage());
        r.replyTo().tell(result);
    }

    // ------------------------------------------------------------------ parking and waking

    private <T> void park(final ArrayDeque<T> waiters, final T request) {
        waiters.add(request);
        kernel.stats().blockedWaits.increment();
        kernel.monitor().blocked();
    }

    /** Completes parked requests in FIFO order until neither readers nor writers can progress. */
    private void wake() {
        boolean progressed = true;
        while (progressed) {
            progressed = wakeReaders() | wakeWriters();
        }
    }

    private boolean wakeReaders() {
        boolean progressed = false;
        while (!readers.isEmpty() && readable()) {
            kernel.monitor().unblocked();
            kernel.stats().wakeups.increment();
            serve(readers.poll());
            progressed = true;
        }
        return progressed;
    }

    private boolean wakeWriters() {
        boolean progressed = false;
        while (!writers.isEmpty() && queue.room() > 0) {
            final Object w = writers.peek();
            if (w instanceof PendingDeliver p) {
                final int n = queue.deliver(p.request.data(), p.done, p.request.data().length - p.done);
                p.done += n;
                progressed |= n > 0;
                if (p.done < p.request.data().length && !endsWithoutMemory()) {
                    return progressed;
                }
                writers.poll();
                kernel.monitor().unblocked();
                kernel.stats().wakeups.increment();
                p.request.replyTo().tell(p.done > 0 ? SyscallResult.count(p.done) : SyscallResult.fail(Errno.ENOBUFS));
            } else {
                final long before = heldRequest == null ? 0 : heldDone;
                final boolean ended = sendHeld(true);
                progressed |= ended || heldDone > before;
                if (!ended) {
                    return progressed;
                }
            }
        }
        return progressed;
    }

    /** True when a read can complete now: data queued, or EOF because an end closed (not for UDP: no EOF). */
    private boolean readable() {
        return !queue.isEmpty() || !udp && (peerClosed || closed);
    }

    /** Answers a read or splice-read that can complete ({@link #readable()}): data, or EOF when empty. */
    private void serve(final Object request) {
        if (request instanceof Read r) {
            if (udp) {
                replyRead(r, r.userPage() == PageRef.NULL ? SyscallResult.data(queue.readDatagram(r.len()))
                    : SyscallResult.count(queue.readDatagramInto(r.len(), r.userPage())));
                return;
            }
            replyRead(r, r.userPage() == PageRef.NULL ? SyscallResult.data(queue.read(r.len()))
                : SyscallResult.count(queue.readInto(r.len(), r.userPage())));
            return;
        }
        final SpliceRead s = (SpliceRead) request;
        vector.open();
        final long bytes = udp ? queue.spliceDatagram(s.maxLen(), s.maxBufs(), vector)
            : queue.spliceOut(s.maxLen(), s.maxBufs(), vector);
        if (bytes < 0) {
            vector.release();
            s.replyTo().tell(PipeIo.Filled.failed(Errno.ENOMEM));
            return;
        }
        if (bytes == 0) {
            vector.release();
            s.replyTo().tell(PipeIo.Filled.eof());
            return;
        }
        final int count = vector.count();
        s.replyTo().tell(new PipeIo.Filled(vector.send(), count, bytes, null));
    }

    private PipeIo.Drained accept(final SplicePages m) {
        final long accepted = queue.accept(vector.receive(m.vector()));
        return accepted == 0 && m.bytes() > 0 ? new PipeIo.Drained(0, tcp ? Errno.ENOMEM : Errno.ENOBUFS)
            : new PipeIo.Drained(accepted, null);
    }

    /**
     * The last delivery stopped for want of a page and the call ends there. AF_UNIX's
     * sock_alloc_send_pskb gives up (alloc_skb_with_frags: ENOBUFS; unix_stream_sendmsg returns what it
     * sent before); TCP waits for memory instead (tcp_sendmsg_locked: sk_stream_wait_memory), so a
     * TCP writer stays parked until a read frees pages. Modelled from net/core/skbuff.c, net/unix/af_unix.c
     * and net/ipv4/tcp.c (memory exhaustion cannot be provoked on the live kernel here).
     */
    private boolean endsWithoutMemory() {
        return !tcp && queue.outOfFrames();
    }

    private void reject(final Object writer) {
        if (writer instanceof PendingDeliver p) {
            p.request.replyTo().tell(p.done > 0 ? SyscallResult.count(p.done) : SyscallResult.fail(Errno.EPIPE));
        } else if (writer == heldRequest) {
            endHeld(Errno.EPIPE);
        } else {
            final SplicePages s = (SplicePages) writer;
            vector.receive(s.vector()).discard(kernel.arena());
            s.replyTo().tell(new PipeIo.Drained(0, Errno.EPIPE));
        }
    }

    /**
     * Nothing was queued by a non-blocking write: the queue is full, or TCP would wait for memory
     * (EAGAIN), or AF_UNIX had no page for it (ENOBUFS, see {@link #endsWithoutMemory()}).
     */
    private Errno noRoomErrno() {
        return queue.room() == 0 || !writers.isEmpty() || tcp ? Errno.EAGAIN : Errno.ENOBUFS;
    }
}
