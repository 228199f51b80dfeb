package org.splicelab.protocols;

/**
 * Which {@code pipe_buf_operations} a pipe buffer carries (SEMANTICS.md §1.5): who inserted the page
 * and therefore how it is confirmed, released, stolen and duplicated.
 */
public enum OpsKind {
    /** pipe write(): a pipe-private anonymous page; steal iff count == 1. */
    ANON,
    /** filemap/shmem splice-read: a page-cache page; steal through remove_mapping. */
    PAGE_CACHE,
    /** vmsplice: a user page; steal only with GIFT and count == 1. */
    USER_PAGE,
    /** copy_splice_read: a fresh private page; steal iff count == 1. */
    DEFAULT,
    /** sockets, FUSE device, drivers: never stolen. */
    NOSTEAL,
    /** watch-queue notes: never stolen. */
    WATCH_QUEUE,
    /** shmem holes: the zero page; takes no reference. */
    ZERO,
    /**
     * relay_file_splice_read (until 6.7): a relay channel's sub-buffer page, lent, not mergeable; its
     * release accounts {@code private} bytes as consumed (relay_pipe_buf_release → relay_consume_bytes).
     */
    RELAY;

    private static final OpsKind[] VALUES = values();

    /** The kind with this ordinal (the encoding used in {@link PageVector} entries). */
    public static OpsKind ofOrdinal(final int ordinal) {
        return VALUES[ordinal];
    }

    /** True when the buffer's page is private to the pipe (a write may merge into it if CAN_MERGE). */
    public boolean pipePrivate() {
        return this == ANON;
    }
}
