package org.splicelab.litmus;

import java.util.Objects;
import java.util.OptionalLong;
import org.splicelab.protocols.CharDevice;
import org.splicelab.protocols.Filesystem;

/** A declaration before the first process: an object the processes use, with its source line. */
public sealed interface Declaration {
    /** The declared name; unique among declarations. */
    String name();

    /** 1-based source line. */
    int line();

    /** The keyword that declares it ({@code file}, {@code pipe}...). */
    String keyword();

    /**
     * {@code file F [size=N] [fill=C | data=LIT] ...}: a cached, up-to-date regular file and a
     * descriptor {@code F} on it at position 0. The file holds {@code data} followed by {@code fill}
     * bytes up to {@code size} (size defaults to the data's length; fill defaults to zero bytes), on
     * filesystem {@code fs} ({@code fs=NAME}, or the test's {@code fs NAME} line; null when neither says);
     * {@code dax}: a DAX inode (no page cache; splice and sendfile copy under every model).
     */
    record File(String name, long size, byte fill, Bytes data, OpenFlags flags, int line, Filesystem fs, boolean dax)
        implements Declaration {
        public File(final String name, final long size, final byte fill, final Bytes data, final OpenFlags flags,
                    final int line) {
            this(name, size, fill, data, flags, line, null, false);
        }

        /** A page-cache (not DAX) file on {@code fs}. */
        public File(final String name, final long size, final byte fill, final Bytes data, final OpenFlags flags,
                    final int line, final Filesystem fs) {
            this(name, size, fill, data, flags, line, fs, false);
        }

        /** This file on {@code fs}. */
        public File on(final Filesystem fs) {
            return new File(name, size, fill, data, flags, line, fs, dax);
        }

        public File {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(flags, "flags");
            if (size < data.length()) {
                throw new IllegalArgumentException("size " + size + " < data length " + data.length());
            }
        }

        /** The file's initial contents, {@code size} bytes. */
        public Bytes initialContent() {
            return data.concat(Bytes.repeat(fill, Math.toIntExact(size - data.length())));
        }

        @Override
        public String keyword() {
            return "file";
        }
    }

    /** {@code open D = F [mode=...] ...}: another descriptor on the declared file {@code file}, at position 0. */
    record Open(String name, String file, OpenFlags flags, int line) implements Declaration {
        public Open {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(flags, "flags");
        }

        @Override
        public String keyword() {
            return "open";
        }
    }

    /**
     * {@code pipe P [size=N] [nonblock] [notification [notes=N]]}: size (as F_SETPIPE_SZ would apply it)
     * is empty for the kernel default; {@code notification} makes it with O_NOTIFICATION_PIPE (a watch
     * queue), {@code notes} (0: not given) sizes the queue as IOC_WATCH_QUEUE_SET_SIZE would.
     */
    record Pipe(String name, OptionalLong size, boolean nonblock, int line, boolean notification, int notes)
        implements Declaration {
        public Pipe(final String name, final OptionalLong size, final boolean nonblock, final int line) {
            this(name, size, nonblock, line, false, 0);
        }

        public Pipe {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(size, "size");
        }

        @Override
        public String keyword() {
            return "pipe";
        }
    }

    /**
     * {@code socketpair S [unix|tcp|udp] [nonblock]}: a connected pair with ends {@code S.0} and {@code S.1}:
     * an AF_UNIX stream pair, a loopback TCP connection, or two UDP sockets on 127.0.0.1 bound and
     * connected to each other; {@code nonblock} sets O_NONBLOCK on both ends.
     */
    record SocketPair(String name, Kind kind, boolean nonblock, int line) implements Declaration {
        /** The kind of the pair. */
        public enum Kind { UNIX, TCP, UDP }

        public SocketPair(final String name, final Kind kind, final int line) {
            this(name, kind, false, line);
        }

        public SocketPair {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
        }

        @Override
        public String keyword() {
            return "socketpair";
        }
    }

    /**
     * {@code device D null|zero|full [mode=rw|ro|wo] [nonblock]}: a descriptor {@code D} on
     * {@code /dev/null}, {@code /dev/zero} or {@code /dev/full} (an extension of LITMUS.md's format).
     */
    record Device(String name, CharDevice device, OpenFlags flags, int line) implements Declaration {
        public Device {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(flags, "flags");
        }

        @Override
        public String keyword() {
            return "device";
        }
    }

    /**
     * {@code relay R [subbufs=N] [subbuf=SIZE]}: a relay channel (kernel/relay.c: one CPU buffer of
     * {@code subbufs} sub-buffers of {@code subbufSize} bytes, the default no-overwrite callbacks) and a
     * read-only descriptor {@code R} on its relay file, as a tracer (blktrace) would make. Defaults: 4
     * sub-buffers of 4096 bytes.
     */
    record Relay(String name, int subbufSize, int subbufs, int line) implements Declaration {
        public Relay {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String keyword() {
            return "relay";
        }
    }

    /**
     * {@code mem M size=N [fill=C]}: page-aligned anonymous memory of the process that uses it (and its
     * threads). With {@code fill} every page was written ({@code touched}); without, the memory was never
     * written: it reads as zeros and vmsplice hands the pipe the shared zero page, which a later store does
     * not change (observed on 6.18: test/kernel-checks/threads_vmsplice.c).
     */
    record Mem(String name, long size, byte fill, int line, boolean touched) implements Declaration {
        public Mem {
            Objects.requireNonNull(name, "name");
        }

        public Mem(final String name, final long size, final byte fill, final int line) {
            this(name, size, fill, line, true);
        }

        @Override
        public String keyword() {
            return "mem";
        }
    }
}
