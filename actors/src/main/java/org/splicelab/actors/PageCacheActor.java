package org.splicelab.actors;

import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.Signal;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import org.splicelab.protocols.Errno;
import org.splicelab.protocols.FilePosition;
import org.splicelab.protocols.PageCacheProtocol;
import org.splicelab.protocols.PageCacheProtocol.Command;
import org.splicelab.protocols.PageVector;
import org.splicelab.protocols.PipeIo;
import org.splicelab.protocols.SyscallResult;

/**
 * The owner of one file's page cache: the only actor that inserts pages (filling misses other actors'
 * lookups ran into), writes ({@code generic_perform_write}, {@code iter_file_splice_write}), truncates,
 * writes back and drops pages, and the only one that touches the disk (O_DIRECT). Lookups do not come
 * here: every actor reads the shared {@link org.splicelab.memory.PageCache} in its own thread. A thin
 * shell over {@link PageCacheFile}; a page cache never blocks. An offset below 0 means the
 * description's position, which then advances by the bytes moved (under {@code f_pos_lock} for write(2)).
 */
public final class PageCacheActor extends DirectBehavior<Command> {
    private final Kernel kernel;
    private final PageCacheFile file;
    private final PageVector vector;

    /** The owner of {@code file} (built, and its pages cached, by whoever builds the world). */
    public static Behavior<Command> create(final Kernel kernel, final PageCacheFile file) {
        return Behaviors.setup(context -> new PageCacheActor(context, kernel, file));
    }

    private PageCacheActor(final ActorContext<Command> context, final Kernel kernel, final PageCacheFile file) {
        super(context);
        this.kernel = kernel;
        this.file = file;
        this.vector = kernel.vectors().vector();
    }

    @Override
    protected Behavior<Command> onMessage(final Command m) {
        if (m instanceof PageCacheProtocol.Fill x) {
            return onFill(x);
        }
        if (m instanceof PageCacheProtocol.Write x) {
            return onWrite(x);
        }
        if (m instanceof PageCacheProtocol.WritePages x) {
            return onWritePages(x);
        }
        if (m instanceof PageCacheProtocol.ReadDirect x) {
            return onReadDirect(x);
        }
        if (m instanceof PageCacheProtocol.SpliceReadDirect x) {
            return onSpliceReadDirect(x);
        }
        if (m instanceof PageCacheProtocol.Truncate x) {
            return onTruncate(x);
        }
        if (m instanceof PageCacheProtocol.Fsync x) {
            return onFsync(x);
        }
        if (m instanceof PageCacheProtocol.FadviseDontneed x) {
            return onFadviseDontneed(x);
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

    private Behavior<Command> onFill(final PageCacheProtocol.Fill m) {
        vector.open();
        final int inserted = file.fill(m.index(), m.pages(), vector);
        final int pins = vector.count();
        final long handle;
        if (pins == 0) {
            vector.release();
            handle = 0;
        } else {
            handle = vector.send();
        }
        m.replyTo().tell(new PageCacheProtocol.Filled(m.index(), Math.max(0, inserted), handle, pins,
            inserted < 0 ? Errno.ENOMEM : null));
        return done();
    }

    private Behavior<Command> onWrite(final PageCacheProtocol.Write m) {
        final FilePosition position = m.position();
        final boolean positional = m.offset() < 0;
        if (positional) {
            position.lock(kernel.arena());   // write(2): fdget_pos
        }
        try {
            final long pos = positional ? position.get() : m.offset();
            final long n = file.write(pos, m.data(), m.append());
            if (n == 0 && m.data().length > 0) {
                m.replyTo().tell(SyscallResult.fail(pos >= PageCacheFile.MAX_FILE_SIZE || m.append()
                    && file.size() >= PageCacheFile.MAX_FILE_SIZE ? Errno.EFBIG : Errno.ENOMEM));
                return done();
            }
            if (positional) {
                // write(2) on O_APPEND leaves f_pos at the new end; pwrite(2) never moves it
                position.set(m.append() ? file.size() : pos + n);
            }
            m.replyTo().tell(SyscallResult.count(n));
        } finally {
            if (positional) {
                position.unlock();
            }
        }
        return done();
    }

    private Behavior<Command> onWritePages(final PageCacheProtocol.WritePages m) {
        // splice(2) refuses an O_APPEND output (EINVAL), so a pipe never asks to append here; like
        // do_splice it stores f_pos back without the f_pos lock: read by the caller (storesPosition) or here
        final long pos = m.offset() < 0 ? m.position().get() : m.offset();
        final long bytes = file.writePages(pos, false, vector.receive(m.vector()));
        if (m.offset() < 0 || m.storesPosition()) {
            m.position().set(pos + bytes);
        }
        m.replyTo().tell(bytes == 0 && m.bytes() > 0
            ? new PipeIo.Drained(0, pos >= PageCacheFile.MAX_FILE_SIZE ? Errno.EFBIG : Errno.ENOMEM)
            : new PipeIo.Drained(bytes, null));
        return done();
    }

    private Behavior<Command> onReadDirect(final PageCacheProtocol.ReadDirect m) {
        if (m.len() < 0) {
            m.replyTo().tell(SyscallResult.fail(Errno.EINVAL));
            return done();
        }
        final boolean positional = m.offset() < 0;
        if (positional) {
            m.position().lock(kernel.arena());
        }
        try {
            final long pos = positional ? m.position().get() : m.offset();
            final byte[] bytes = file.readDirect(pos, m.len());
            if (positional) {
                m.position().set(pos + bytes.length);
            }
            m.replyTo().tell(SyscallResult.data(bytes));
        } finally {
            if (positional) {
                m.position().unlock();
            }
        }
        return done();
    }

    private Behavior<Command> onSpliceReadDirect(final PageCacheProtocol.SpliceReadDirect m) {
        final long pos = m.offset() < 0 ? m.position().get() : m.offset();
        vector.open();
        final long bytes = file.spliceReadDirect(pos, m.maxLen(), m.maxBufs(), vector);
        if (bytes == 0) {
            vector.release();
            m.replyTo().tell(PipeIo.Filled.eof());
            return done();
        }
        if (m.offset() < 0) {
            m.position().set(pos + bytes);
        }
        final int count = vector.count();
        m.replyTo().tell(new PipeIo.Filled(vector.send(), count, bytes, null));
        return done();
    }

    private Behavior<Command> onTruncate(final PageCacheProtocol.Truncate m) {
        if (m.length() < 0 || m.length() > PageCacheFile.MAX_FILE_SIZE) {
            m.replyTo().tell(SyscallResult.fail(m.length() < 0 ? Errno.EINVAL : Errno.EFBIG));
            return done();
        }
        file.truncate(m.length());
        m.replyTo().tell(SyscallResult.count(0));
        return done();
    }

    private Behavior<Command> onFsync(final PageCacheProtocol.Fsync m) {
        file.fsync();
        m.replyTo().tell(SyscallResult.count(0));
        return done();
    }

    private Behavior<Command> onFadviseDontneed(final PageCacheProtocol.FadviseDontneed m) {
        file.fadviseDontneed();
        m.replyTo().tell(SyscallResult.count(0));
        return done();
    }

    private Behavior<Command> done() {
        file.flushStats();
        return this;
    }

    private Behavior<Command> onPostStop() {
        if (vector.isWrapped()) {
            vector.discard(kernel.arena()); // a message handler failed half-way: its references go too
        }
        file.releaseAll();
        return this;
    }
}
