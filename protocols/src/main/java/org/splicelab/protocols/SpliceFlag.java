package org.splicelab.protocols;

/** The {@code SPLICE_F_*} flags of splice, tee and vmsplice. */
public enum SpliceFlag {
    /** SPLICE_F_MOVE: a hint to move pages; a no-op since 2.6.21 except FUSE stealing. */
    MOVE(0x01),
    /** SPLICE_F_NONBLOCK: do not block on pipe waits (disk, locks and TCP data still block). */
    NONBLOCK(0x02),
    /** SPLICE_F_MORE: more data will follow (MSG_MORE). */
    MORE(0x04),
    /** SPLICE_F_GIFT: vmsplice only; the user pages are gifted to the kernel. */
    GIFT(0x08);

    /** Every valid bit; any other bit makes the call fail with EINVAL. */
    public static final int VALID_MASK = 0x0F;

    private final int bit;

    SpliceFlag(final int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }

    /** True when {@code flags} has this flag. */
    public boolean in(final int flags) {
        return (flags & bit) != 0;
    }

    /** {@code move|nonblock}, or {@code 0}. */
    public static String toString(final int flags) {
        final StringBuilder sb = new StringBuilder();
        for (final SpliceFlag f : values()) {
            if (f.in(flags)) {
                sb.append(sb.length() == 0 ? "" : "|").append(f.name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        final int unknown = flags & ~VALID_MASK;
        if (unknown != 0) {
            sb.append(sb.length() == 0 ? "" : "|").append("0x").append(Integer.toHexString(unknown));
        }
        return sb.length() == 0 ? "0" : sb.toString();
    }
}
