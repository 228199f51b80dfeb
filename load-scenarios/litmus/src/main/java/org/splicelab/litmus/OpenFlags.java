package org.splicelab.litmus;

import java.util.Objects;

/** How a {@code file} or {@code open} descriptor is opened: access mode, O_APPEND, O_DIRECT, O_NONBLOCK. */
public record OpenFlags(Mode mode, boolean append, boolean odirect, boolean nonblock) {
    /** {@code mode=rw}, nothing else: the default. */
    public static final OpenFlags DEFAULT = new OpenFlags(Mode.RW, false, false, false);

    /** O_RDWR, O_RDONLY or O_WRONLY. */
    public enum Mode {
        RW("rw"), RO("ro"), WO("wo");

        private final String id;

        Mode(final String id) {
            this.id = id;
        }

        /** The name in a litmus file. */
        public String id() {
            return id;
        }

        public boolean readable() {
            return this != WO;
        }

        public boolean writable() {
            return this != RO;
        }
    }

    public OpenFlags {
        Objects.requireNonNull(mode, "mode");
    }
}
