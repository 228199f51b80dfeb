package org.splicelab.protocols;

/** The {@code PIPE_BUF_FLAG_*} bits of a pipe buffer (SEMANTICS.md §1.4). */
public enum PipeBufFlag {
    /** Set by a successful try_steal; cleared by the page-cache release. */
    LRU(0x01),
    /** Legacy kmap_atomic marker; unused in 6.x. */
    ATOMIC(0x02),
    /** vmsplice with SPLICE_F_GIFT; dropped on duplicates. */
    GIFT(0x04),
    /** write() on an O_DIRECT pipe: read() takes at most one such buffer. */
    PACKET(0x08),
    /** write() may append into this buffer; must only mark pipe-private anonymous pages. */
    CAN_MERGE(0x10),
    /** Watch-queue notes: read() needs room for the whole buffer. */
    WHOLE(0x20),
    /** Watch-queue: a note was dropped before this buffer. */
    LOSS(0x40);

    private final int bit;

    PipeBufFlag(final int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }

    public boolean in(final int flags) {
        return (flags & bit) != 0;
    }

    /** {@code can_merge|gift}, or {@code 0}. */
    public static String toString(final int flags) {
        final StringBuilder sb = new StringBuilder();
        for (final PipeBufFlag f : values()) {
            if (f.in(flags)) {
                sb.append(sb.length() == 0 ? "" : "|").append(f.name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return sb.length() == 0 ? "0" : sb.toString();
    }
}
