package org.splicelab.protocols;

/**
 * The filesystem a litmus file says a file lives on, where the model's answer depends on it. Today:
 * O_DIRECT alignment. ext4 (iomap direct I/O) refuses with EINVAL a read or write whose file offset or
 * length is not a multiple of the device's logical block size (512 bytes on the disks this was observed
 * on, Linux 6.18); tmpfs (O_DIRECT since 6.6) goes through the page cache and accepts any alignment.
 */
public enum Filesystem {
    TMPFS("tmpfs", 1, 0x01021994L),
    EXT4("ext4", 512, 0xEF53L);

    private final String id;
    private final int directIoAlignment;
    private final long magic;

    Filesystem(final String id, final int directIoAlignment, final long magic) {
        this.id = id;
        this.directIoAlignment = directIoAlignment;
        this.magic = magic;
    }

    /** The name in a litmus file ({@code fs tmpfs}, {@code fs=ext4}). */
    public String id() {
        return id;
    }

    /** Offsets and lengths of O_DIRECT reads and writes must be multiples of this (1: no rule). */
    public int directIoAlignment() {
        return directIoAlignment;
    }

    /** statfs(2)'s f_type of this filesystem (ext2/3/4 share one). */
    public long magic() {
        return magic;
    }

    /** The filesystem called {@code id}, or null. */
    public static Filesystem byId(final String id) {
        for (final Filesystem f : values()) {
            if (f.id.equals(id)) {
                return f;
            }
        }
        return null;
    }
}
