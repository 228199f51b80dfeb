package org.splicelab.protocols;

/**
 * A system call a simulated process makes: the litmus operations (LITMUS.md) and what scenarios
 * generate. Descriptors are numbers in the process's fd table; memory regions are indices into the
 * process's regions. {@link #NO_OFFSET} means "use and advance the descriptor's position".
 */
public sealed interface Syscall {
    /** No explicit offset: the call uses the descriptor's position (and advances it). */
    long NO_OFFSET = -1;

    /** The syscall's name as strace would print it. */
    String name();

    record Splice(int fdIn, long offIn, int fdOut, long offOut, long len, int flags) implements Syscall {
        @Override
        public String name() {
            return "splice";
        }
    }

    /** vmsplice; {@code toPipe}: user memory → pipe (else pipe → user memory); {@code emptyIov}: {@code []}. */
    record Vmsplice(int fd, int mem, long memOffset, long len, int flags, boolean toPipe, boolean emptyIov)
        implements Syscall {
        @Override
        public String name() {
            return "vmsplice";
        }
    }

    record Tee(int fdIn, int fdOut, long len, int flags) implements Syscall {
        @Override
        public String name() {
            return "tee";
        }
    }

    /** sendfile(out, in, offset, count); {@code offset == NO_OFFSET}: the in position is used and advanced. */
    record Sendfile(int fdOut, int fdIn, long offset, long count) implements Syscall {
        @Override
        public String name() {
            return "sendfile";
        }
    }

    record Read(int fd, long len) implements Syscall {
        @Override
        public String name() {
            return "read";
        }
    }

    record Pread(int fd, long offset, long len) implements Syscall {
        @Override
        public String name() {
            return "pread";
        }
    }

    record Write(int fd, byte[] data) implements Syscall {
        @Override
        public String name() {
            return "write";
        }
    }

    record Pwrite(int fd, long offset, byte[] data) implements Syscall {
        @Override
        public String name() {
            return "pwrite";
        }
    }

    record Truncate(int fd, long length) implements Syscall {
        @Override
        public String name() {
            return "ftruncate";
        }
    }

    record Fsync(int fd) implements Syscall {
        @Override
        public String name() {
            return "fsync";
        }
    }

    record FadviseDontneed(int fd) implements Syscall {
        @Override
        public String name() {
            return "fadvise";
        }
    }

    /** fstat st_size. */
    record Size(int fd) implements Syscall {
        @Override
        public String name() {
            return "fstat";
        }
    }

    record SetPipeSize(int fd, long size) implements Syscall {
        @Override
        public String name() {
            return "F_SETPIPE_SZ";
        }
    }

    record GetPipeSize(int fd) implements Syscall {
        @Override
        public String name() {
            return "F_GETPIPE_SZ";
        }
    }

    record FionRead(int fd) implements Syscall {
        @Override
        public String name() {
            return "FIONREAD";
        }
    }

    record Close(int fd) implements Syscall {
        @Override
        public String name() {
            return "close";
        }
    }

    /** ioctl(IOC_WATCH_QUEUE_SET_SIZE, notes): preallocates a notification pipe's note pages. */
    record WatchQueueSetSize(int fd, long notes) implements Syscall {
        @Override
        public String name() {
            return "IOC_WATCH_QUEUE_SET_SIZE";
        }
    }

    /**
     * Not a system call: the kernel posts a notification (a watched key changed, say) into the watch
     * queue of the notification pipe {@code fd} names (post_one_notification); {@code note} is the whole
     * record, header included. The result is 1 when it was queued, 0 when it was lost.
     */
    record PostNotification(int fd, byte[] note) implements Syscall {
        @Override
        public String name() {
            return "post_notification";
        }
    }

    /**
     * Not a system call: the kernel's {@code relay_write} of {@code data} into the relay channel behind
     * {@code fd} (a tracer's record). The result is the bytes written, 0 when the record was dropped.
     */
    record RelayWrite(int fd, byte[] data) implements Syscall {
        @Override
        public String name() {
            return "relay_write";
        }
    }

    /** The process stores into its own memory (no result). */
    record Store(int mem, long offset, byte[] data) implements Syscall {
        @Override
        public String name() {
            return "store";
        }
    }

    /** The process loads from its own memory (returns the bytes). */
    record Load(int mem, long offset, long len) implements Syscall {
        @Override
        public String name() {
            return "load";
        }
    }
}
