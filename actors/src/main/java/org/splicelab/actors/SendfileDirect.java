package org.splicelab.actors;

import akka.actor.typed.ActorRef;
import org.splicelab.protocols.Errno;
import org.splicelab.protocols.PageCacheProtocol;
import org.splicelab.protocols.PipeIo;
import org.splicelab.protocols.SpliceFlag;
import org.splicelab.protocols.Syscall;
import org.splicelab.protocols.SyscallResult;

/**
 * sendfile(2) to a file or socket: {@code do_splice_direct} through the task-private pipe (SEMANTICS
 * §2.9). Loops {file → private pipe ≤ 64 KiB in ≤ 16 buffers; private pipe → out}; a short write ends the
 * loop, the sink has released what it did not accept, and the input position moves by what was
 * written. The private pipe has no lock and no other user, so it is this object, inside the process.
 */
final class SendfileDirect {
    private static final long CHUNK = 16L * PipeRing.PAGE;

    private final SyscallChecks.SendfileDirectRoute route;
    private final ActorRef<PipeIo.Filled> fills;
    private final ActorRef<PipeIo.Drained> drains;
    private final ActorRef<SyscallResult> control;
    private long position = -1;
    private long done;
    private long offered;
    private boolean advancing;

    SendfileDirect(final SyscallChecks.SendfileDirectRoute route, final ActorRef<PipeIo.Filled> fills,
                   final ActorRef<PipeIo.Drained> drains, final ActorRef<SyscallResult> control) {
        this.route = route;
        this.fills = fills;
        this.drains = drains;
        this.control = control;
    }

    void start() {
        if (route.offset() == Syscall.NO_OFFSET) {
            route.in().cache().tell(new PageCacheProtocol.Position(route.in().descId(), control));
        } else {
            position = route.offset();
            readChunk();
        }
    }

    /** A reply to Position or Advance; returns the call's result when it is over, else null. */
    SyscallResult onControl(final SyscallResult r) {
        if (advancing) {
            return SyscallResult.count(done);
        }
        position = ((SyscallResult.Count) r).value();
        readChunk();
        return null;
    }

    SyscallResult onFilled(final PipeIo.Filled f) {
        if (f.error() != null) {
            return finish(f.error());
        }
        if (f.count() == 0) {
            return finish(null);
        }
        offered = f.bytes();
        final boolean more = done + offered < route.count();
        route.sink().drain(f.vector(), f.count(), f.bytes(), more ? SpliceFlag.MORE.bit() : 0, false, drains);
        return null;
    }

    SyscallResult onDrained(final PipeIo.Drained d) {
        done += d.accepted();
        if (d.error() != null || d.accepted() < offered || done >= route.count()) {
            return finish(d.error());
        }
        readChunk();
        return null;
    }

    private void readChunk() {
        final long len = Math.min(CHUNK, route.count() - done);
        final int flags = route.sink() instanceof PipeIo.SocketSink ? PipeIo.TO_SOCKET : 0;
        route.in().cache().tell(new PageCacheProtocol.SpliceRead(route.in().descId(), position + done, len, 16, flags,
            route.in().flags().direct(), fills));
    }

    private SyscallResult finish(final Errno error) {
        if (done == 0 && error != null) {
            return SyscallResult.fail(error);
        }
        if (route.offset() == Syscall.NO_OFFSET && done > 0) {
            advancing = true;
            route.in().cache().tell(new PageCacheProtocol.Advance(route.in().descId(), done, control));
            return null;
        }
        return SyscallResult.count(done);
    }
}
