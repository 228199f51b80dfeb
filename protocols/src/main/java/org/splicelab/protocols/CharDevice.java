package org.splicelab.protocols;

/**
 * The memory character devices a descriptor can open (drivers/char/mem.c): what each does as a splice
 * source and sink, observed on Linux 6.18 (test/kernel-checks/dev_splice.c).
 */
public enum CharDevice {
    /** {@code /dev/null}: reads are EOF, writes vanish; no splice_read (EINVAL), splice_write_null. */
    NULL("null", "/dev/null"),
    /** {@code /dev/zero}: reads are zeros; copy_splice_read (fresh zeroed pages, since 6.7); splice_write_zero. */
    ZERO("zero", "/dev/zero"),
    /** {@code /dev/full}: reads are zeros (copy_splice_read); writes ENOSPC; no splice_write (EINVAL). */
    FULL("full", "/dev/full");

    private final String id;
    private final String path;

    CharDevice(final String id, final String path) {
        this.id = id;
        this.path = path;
    }

    public String id() {
        return id;
    }

    public String path() {
        return path;
    }

    /** Whether the device has a splice_read (copy_splice_read of zeros). */
    public boolean splicesZeros() {
        return this != NULL;
    }

    /** Whether a pipe can be spliced into it (splice_write_null / splice_write_zero). */
    public boolean acceptsSplice() {
        return this != FULL;
    }

    /** The device named {@code id} ({@code null}, {@code zero}, {@code full}), or null. */
    public static CharDevice byId(final String id) {
        for (final CharDevice d : values()) {
            if (d.id.equals(id)) {
                return d;
            }
        }
        return null;
    }
}
