package org.splicelab.actors.iter;

import org.splicelab.memory.PageArena;

/**
 * What both pipe-backed iterators share: the pipe's ring ({@link PipeBuffers}), the splice in progress
 * ({@code active} from its first operation until truncate/abort, starting at {@code startHead}), the
 * pipe's own read and write between splices, and release. One iterator per pipe, reused for every
 * splice-read (nothing allocated per call). Confined to the pipe's owner.
 */
abstract class AbstractPipeIterator implements PipeIterator {
    protected final PipeBuffers ring;
    protected final PageArena arena;
    protected int startHead;
    protected boolean active;
    private boolean released;

    AbstractPipeIterator(final PipeBuffers ring) {
        this.ring = ring;
        this.arena = ring.arena();
    }

    PipeBuffers ring() {
        return ring;
    }

    @Override
    public int extent() {
        return active ? ring.bytesBetween(startHead, ring.head()) : 0;
    }

    @Override
    public int pipeWrite(final byte[] src, final int off, final int len) {
        checkIdle("pipe_write");
        return ring.pipeWrite(src, off, len);
    }

    @Override
    public byte[] pipeRead(final int max) {
        checkIdle("pipe_read");
        return ring.pipeRead(max);
    }

    @Override
    public int bytes() {
        return ring.bytes();
    }

    @Override
    public byte[] contents() {
        return ring.contents();
    }

    @Override
    public long pageCacheWrites() {
        return ring.pageCacheWrites();
    }

    @Override
    public void release() {
        if (!released) {
            released = true;
            ring.releaseAll();
        }
    }

    protected void checkOpen() {
        if (released) {
            throw new IllegalStateException("iterator used after release");
        }
    }

    protected void checkIdle(final String operation) {
        checkOpen();
        if (active) {
            throw new IllegalStateException(operation + " while a splice-read holds the pipe lock; "
                + "call truncate() or abort() first");
        }
    }
}
