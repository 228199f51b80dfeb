package org.splicelab.protocols;

/** The status flags of an open file description: access mode and O_APPEND/O_DIRECT/O_NONBLOCK. */
public record OpenFlags(boolean readable, boolean writable, boolean append, boolean direct, boolean nonblock) {
    public static final OpenFlags RDWR = new OpenFlags(true, true, false, false, false);
    public static final OpenFlags RDONLY = new OpenFlags(true, false, false, false, false);
    public static final OpenFlags WRONLY = new OpenFlags(false, true, false, false, false);

    public OpenFlags withNonblock(final boolean on) {
        return new OpenFlags(readable, writable, append, direct, on);
    }

    @Override
    public String toString() {
        return (readable && writable ? "O_RDWR" : readable ? "O_RDONLY" : "O_WRONLY")
            + (append ? "|O_APPEND" : "") + (direct ? "|O_DIRECT" : "") + (nonblock ? "|O_NONBLOCK" : "");
    }
}
