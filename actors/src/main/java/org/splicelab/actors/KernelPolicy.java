package org.splicelab.actors;

import org.splicelab.memory.AddressSpace;
import org.splicelab.memory.LookupStats;
import org.splicelab.memory.PageCache;
import org.splicelab.memory.StealOutcome;
import org.splicelab.protocols.KernelModel;
import org.splicelab.protocols.OpsKind;
import org.splicelab.protocols.SpliceFlag;

/**
 * One kernel design's answers to the decision points (ARCHITECTURE.md, "Kernel models"): the syscall
 * code is written once and asks its policy wherever the designs differ. One class per model; no Akka,
 * no state beyond the model's options, any thread.
 */
public abstract class KernelPolicy {
    /** What a file page becomes when it is spliced into a pipe. */
    public enum FilePiece {
        /** {@code filemap_splice_read}: the cached page, one more reference. */
        REFERENCE,
        /** private-pages: steal the cached page when only the cache and the caller hold it, else copy. */
        STEAL_OR_COPY,
        /** private-pages with {@code steal-only-with-move} and no SPLICE_F_MOVE: a private copy. */
        COPY
    }

    /** What vmsplice to a pipe does with user pages. */
    public enum Vmsplice {
        /** {@code iov_iter_get_pages2}: references to the mapped pages. */
        REFERENCES,
        /** private-pages: GIFT steals whole pages nobody else uses, every other piece is copied. */
        STEAL_GIFTS_ELSE_COPY,
        /** 2026: a pipe write that blocks until everything is written (O_NONBLOCK counts). */
        BLOCKING_WRITE
    }

    /** What splice from a relay file does (kernel/relay.c's relay_file_splice_read, 2.6.17–6.7). */
    public enum RelaySplice {
        /** 6.8+: relay_file_operations has no splice_read (EINVAL, as for any file without one). */
        NONE,
        /** The sub-buffer pages go into the pipe; their release accounts them consumed. */
        LEND,
        /** Pipes hold only private pages: copies, the bytes consumed at the splice. */
        COPY
    }

    /** Which iterator a file → pipe splice goes through, when not the 6.5+ direct path. */
    public enum SpliceReadPath { DIRECT, ITER_PIPE, ITER_PIPE_SEEKABLE }

    private final KernelModel model;
    private final Kernel.Options options;

    KernelPolicy(final KernelModel model, final Kernel.Options options) {
        this.model = model;
        this.options = options;
    }

    /** The policy of {@code model}. */
    public static KernelPolicy of(final KernelModel model, final Kernel.Options options) {
        return switch (model) {
            case LINUX -> new Linux(model, options);
            case LOOKUP_NO_RECHECK -> new LookupNoRecheck(options);
            case DIRTY_PIPE -> new DirtyPipe(options);
            case ITER_PIPE, ITER_PIPE_SEEKABLE -> new IterPipe(model, options);
            case COPY -> new Copy(options);
            case PRIVATE_PAGES, PRIVATE_PAGES_RACY -> new PrivatePages(model, options);
        };
    }

    public KernelModel model() {
        return model;
    }

    public Kernel.Options options() {
        return options;
    }

    /** A lock-free page-cache lookup, taking one reference (filemap_get_read_batch). */
    public long lookup(final PageCache cache, final long index, final LookupStats stats) {
        return cache.lookup(index, stats);
    }

    /** What a whole-or-partial file page becomes in a pipe (not for sendfile to a socket). */
    public FilePiece filePiece(final int spliceFlags) {
        return FilePiece.REFERENCE;
    }

    /** The page-cache steal: remove_mapping with the freeze. */
    public StealOutcome steal(final PageCache cache, final long index, final long ref) {
        return cache.steal(index, ref);
    }

    /** The gift steal of a user page (vmsplice with GIFT under the models that steal). */
    public StealOutcome giftSteal(final AddressSpace space, final long vpn, final long ref) {
        return space.steal(vpn, ref);
    }

    /** The path a file → pipe splice takes. */
    public SpliceReadPath spliceReadPath() {
        return SpliceReadPath.DIRECT;
    }

    /** Whether a buffer entering a pipe from {@code kind} has its flags word written (every 6.x producer does). */
    public boolean initialisesFlags(final OpsKind kind) {
        return true;
    }

    /** Whether splice into a pipe is read + write (copies into CAN_MERGE anon pages). */
    public boolean splicesByCopy() {
        return false;
    }

    /** Whether a duplicate (tee, the partial piece of pipe → pipe) is a fresh copy instead of a reference. */
    public boolean duplicatesByCopy() {
        return false;
    }

    public Vmsplice vmsplice() {
        return Vmsplice.REFERENCES;
    }

    /** Whether sendfile to a socket hands the cached pages straight to the socket (no pipe, no steal). */
    public boolean sendfileBypassesPipe() {
        return false;
    }

    /**
     * Whether a pipe may hold only pages private to it (private-pages), so that a socket's fragment,
     * which is never stolen, is copied on its way into a pipe (counted as a refused steal).
     */
    public boolean pipesHoldOnlyPrivatePages() {
        return false;
    }

    /**
     * Splice and sendfile from a relay file. Today's kernel has none (removed in 6.8, mm-nonmm-stable
     * 2024-01-09), nor has the 2026 copy design built on it; the 4.9–6.4 designs (ITER_PIPE, Viro's
     * seekable proposal, Dirty Pipe's 5.8–5.16) lend the sub-buffer pages.
     */
    public RelaySplice relaySplice() {
        return RelaySplice.NONE;
    }

    @Override
    public String toString() {
        return "KernelPolicy[" + model.id() + "]";
    }

    /** Today's kernel (6.5+): copy by reference. */
    static class Linux extends KernelPolicy {
        Linux(final KernelModel model, final Kernel.Options options) {
            super(model, options);
        }
    }

    /** linux with the re-check after the speculative reference left out. */
    static final class LookupNoRecheck extends Linux {
        LookupNoRecheck(final Kernel.Options options) {
            super(KernelModel.LOOKUP_NO_RECHECK, options);
        }

        @Override
        public long lookup(final PageCache cache, final long index, final LookupStats stats) {
            return cache.lookupNoRecheck(index, stats);
        }
    }

    /** 5.8–5.16.10: copy_page_to_iter_pipe left a page-cache buffer's flags word stale (SEMANTICS §4). */
    static final class DirtyPipe extends Linux {
        DirtyPipe(final Kernel.Options options) {
            super(KernelModel.DIRTY_PIPE, options);
        }

        @Override
        public boolean initialisesFlags(final OpsKind kind) {
            return kind != OpsKind.PAGE_CACHE;
        }

        @Override
        public RelaySplice relaySplice() {
            return RelaySplice.LEND;
        }
    }

    /** 4.9–6.4 ITER_PIPE, and Viro's seekable proposal (SEMANTICS §3.1, §3.3). */
    static final class IterPipe extends Linux {
        IterPipe(final KernelModel model, final Kernel.Options options) {
            super(model, options);
        }

        @Override
        public SpliceReadPath spliceReadPath() {
            return model() == KernelModel.ITER_PIPE ? SpliceReadPath.ITER_PIPE : SpliceReadPath.ITER_PIPE_SEEKABLE;
        }

        @Override
        public RelaySplice relaySplice() {
            return RelaySplice.LEND;
        }
    }

    /** The 2026 proposals: splice and vmsplice into a pipe are read/write (SEMANTICS §3.6). */
    static final class Copy extends KernelPolicy {
        Copy(final Kernel.Options options) {
            super(KernelModel.COPY, options);
        }

        @Override
        public boolean splicesByCopy() {
            return true;
        }

        @Override
        public Vmsplice vmsplice() {
            return Vmsplice.BLOCKING_WRITE;
        }
    }

    /**
     * Howells 2023: pipes hold only private pages (SEMANTICS §3.4). {@code private-pages-racy} is the
     * same design with the steal's freeze replaced by a refcount check.
     */
    static final class PrivatePages extends KernelPolicy {
        PrivatePages(final KernelModel model, final Kernel.Options options) {
            super(model, options);
        }

        @Override
        public FilePiece filePiece(final int spliceFlags) {
            return !options().stealOnlyWithMove() || SpliceFlag.MOVE.in(spliceFlags)
                ? FilePiece.STEAL_OR_COPY : FilePiece.COPY;
        }

        @Override
        public StealOutcome steal(final PageCache cache, final long index, final long ref) {
            return model() == KernelModel.PRIVATE_PAGES_RACY ? cache.stealRacy(index, ref) : cache.steal(index, ref);
        }

        @Override
        public StealOutcome giftSteal(final AddressSpace space, final long vpn, final long ref) {
            return model() == KernelModel.PRIVATE_PAGES_RACY ? space.stealRacy(vpn, ref) : space.steal(vpn, ref);
        }

        @Override
        public boolean duplicatesByCopy() {
            return true;
        }

        @Override
        public Vmsplice vmsplice() {
            return Vmsplice.STEAL_GIFTS_ELSE_COPY;
        }

        @Override
        public boolean sendfileBypassesPipe() {
            return true;
        }

        @Override
        public boolean pipesHoldOnlyPrivatePages() {
            return true;
        }

        /**
         * The RFC was against 6.4/6.5, when relay still had splice_read; a relay sub-buffer is the
         * channel's memory (the writer reuses it, user space may mmap it), never private to a pipe, so
         * the design copies it, and nothing of the channel's stays lent (ADR 0020).
         */
        @Override
        public RelaySplice relaySplice() {
            return RelaySplice.COPY;
        }
    }
}
