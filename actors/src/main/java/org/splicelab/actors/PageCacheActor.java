package org.splicelab.actors;

import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import org.splicelab.protocols.Errno;
import org.splicelab.protocols.PageCacheProtocol.Advance;
import org.splicelab.protocols.PageCacheProtocol;
import org.splicelab.protocols.PageCacheProtocol.Command;
import org.splicelab.protocols.PageCacheProtocol.FadviseDontneed;
import org.splicelab.protocols.PageCacheProtocol.Fsync;
import org.splicelab.protocols.PageCacheProtocol.Position;
import org.splicelab.protocols.PageCacheProtocol.Read;
import org.splicelab.protocols.PageCacheProtocol.Size;
import org.splicelab.protocols.PageCacheProtocol.SpliceRead;
import org.splicelab.protocols.PageCacheProtocol.Truncate;
import org.splicelab.protocols.PageCacheProtocol.Write;
import org.splicelab.protocols.PageCacheProtocol.WritePages;
import org.splicelab.protocols.PageVector;
import org.splicelab.protocols.PipeIo;
import org.splicelab.protocols.SyscallResult;

/**
 * One file's page cache ({@code struct address_space}): read/pread, write/pwrite, {@code splice_read}
 * into a pipe ({@code filemap_splice_read}, {@code copy_splice_read}), {@code splice_write} from a pipe
 * ({@code iter_file_splice_write}), ftruncate, fsync and fadvise(DONTNEED). A thin shell over
 * {@link PageCacheFile}; a page cache never blocks. An offset below 0 means the description's position,
 * which then advances by the bytes moved.
 */
public final class PageCacheActor extends AbstractBehavior<Command> {
    private final Kernel kernel;
    private final PageCacheFile file;
    private final PageVector vector;

    /** A page cache for file {@code fileId} holding {@code data}, with descriptions {@code descIds} at 0. */
    public static Behavior<Command> create(final Kernel kernel, final long fileId, final byte[] data,
                                           final int[] descIds) {
        return Behaviors.setup(context -> new PageCacheActor(context, kernel, fileId, data, descIds));
    }

    private PageCacheActor(final ActorContext<Command> context, final Kernel kernel, final long fileId,
                           final byte[] data, final int[] descIds) {
        super(context);
        this.kernel = kernel;
        this.file = new PageCacheFile(kernel, fileId, data);
        this.vector = kernel.vectors().vector();
        for (final int descId : descIds) {
            file.openDescription(descId);
        }
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
            .onMessage(Read.class, this::onRead)
            .onMessage(Write.class, this::onWrite)
            .onMessage(SpliceRead.class, this::onSpliceRead)
            .onMessage(WritePages.class, this::onWritePages)
            .onMessage(Advance.class, this::onAdvance)
            .onMessage(Position.class, this::onPosition)
            .onMessage(Truncate.class, this::onTruncate)
            .onMessage(Fsync.class, this::onFsync)
            .onMessage(FadviseDontneed.class, this::onFadviseDontneed)
            .onMessage(Size.class, this::onSize)
            .onMessage(PageCacheProtocol.Remaining.class, this::onRemaining)
            .onSignal(PostStop.class, signal -> onPostStop())
            .build();
    }

    private Behavior<Command> onRead(final Read m) {
        if (m.len() < 0) {
            m.replyTo().tell(SyscallResult.fail(Errno.EINVAL));
            return this;
        }
        final long pos = at(m.descId(), m.offset());
        final byte[] bytes = m.direct() ? file.readDirect(pos, m.len()) : file.read(pos, m.len());
        advanceIfPositional(m.descId(), m.offset(), bytes.length);
        m.replyTo().tell(SyscallResult.data(bytes));
        return this;
    }

    private Behavior<Command> onWrite(final Write m) {
        final long pos = at(m.descId(), m.offset());
        final long n = file.write(pos, m.data(), m.append());
        if (n == 0 && m.data().length > 0) {
            m.replyTo().tell(SyscallResult.fail(Errno.EFBIG));
            return this;
        }
        if (m.offset() < 0) {
            // write(2) on O_APPEND leaves f_pos at the new end; pwrite(2) never moves it
            file.advance(m.descId(), (m.append() ? file.size() : pos + n) - file.position(m.descId()));
        }
        m.replyTo().tell(SyscallResult.count(n));
        return this;
    }

    private Behavior<Command> onSpliceRead(final SpliceRead m) {
        final long pos = at(m.descId(), m.offset());
        vector.open();
        final long bytes = file.spliceRead(pos, m.maxLen(), m.maxBufs(), m.direct(), m.spliceFlags(), vector);
        if (bytes == 0) {
            vector.release();
            m.replyTo().tell(PipeIo.Filled.eof());
            return this;
        }
        advanceIfPositional(m.descId(), m.offset(), bytes);
        final int count = vector.count();
        m.replyTo().tell(new PipeIo.Filled(vector.send(), count, bytes, null));
        return this;
    }

    private Behavior<Command> onWritePages(final WritePages m) {
        final long pos = at(m.descId(), m.offset());
        // splice(2) refuses an O_APPEND output (EINVAL), so a pipe never asks to append here
        final long bytes = file.writePages(pos, false, vector.receive(m.vector()));
        advanceIfPositional(m.descId(), m.offset(), bytes);
        m.replyTo().tell(bytes == 0 && m.bytes() > 0 ? new PipeIo.Drained(0, Errno.EFBIG)
            : new PipeIo.Drained(bytes, null));
        return this;
    }

    private Behavior<Command> onAdvance(final Advance m) {
        m.replyTo().tell(SyscallResult.count(file.advance(m.descId(), m.delta())));
        return this;
    }

    private Behavior<Command> onPosition(final Position m) {
        m.replyTo().tell(SyscallResult.count(file.position(m.descId())));
        return this;
    }

    private Behavior<Command> onTruncate(final Truncate m) {
        if (m.length() < 0 || m.length() > PageCacheFile.MAX_FILE_SIZE) {
            m.replyTo().tell(SyscallResult.fail(m.length() < 0 ? Errno.EINVAL : Errno.EFBIG));
            return this;
        }
        file.truncate(m.length());
        m.replyTo().tell(SyscallResult.count(0));
        return this;
    }

    private Behavior<Command> onFsync(final Fsync m) {
        file.fsync();
        m.replyTo().tell(SyscallResult.count(0));
        return this;
    }

    private Behavior<Command> onFadviseDontneed(final FadviseDontneed m) {
        file.fadviseDontneed();
        m.replyTo().tell(SyscallResult.count(0));
        return this;
    }

    private Behavior<Command> onSize(final Size m) {
        m.replyTo().tell(SyscallResult.count(file.size()));
        return this;
    }

    /** FIONREAD on a regular file: i_size - f_pos. */
    private Behavior<Command> onRemaining(final PageCacheProtocol.Remaining m) {
        m.replyTo().tell(SyscallResult.count(Math.max(0, file.size() - file.position(m.descId()))));
        return this;
    }

    private Behavior<Command> onPostStop() {
        if (vector.isWrapped()) {
            vector.discard(kernel.arena()); // a message handler failed half-way: its references go too
        }
        file.releaseAll();
        return this;
    }

    /** The file offset a request works at: its own, or the description's position when below 0. */
    private long at(final int descId, final long offset) {
        return offset < 0 ? file.position(descId) : offset;
    }

    private void advanceIfPositional(final int descId, final long offset, final long bytes) {
        if (offset < 0) {
            file.advance(descId, bytes);
        }
    }
}
