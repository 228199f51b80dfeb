package org.splicelab.protocols;

/** The error numbers the simulated syscalls return (Linux x86-64 values). */
public enum Errno {
    EPERM(1, "Operation not permitted"),
    ENOENT(2, "No such file or directory"),
    EINTR(4, "Interrupted system call"),
    EIO(5, "Input/output error"),
    EBADF(9, "Bad file descriptor"),
    EAGAIN(11, "Resource temporarily unavailable"),
    ENOMEM(12, "Cannot allocate memory"),
    EFAULT(14, "Bad address"),
    EBUSY(16, "Device or resource busy"),
    ENODEV(19, "No such device"),
    EXDEV(18, "Invalid cross-device link"),
    EISDIR(21, "Is a directory"),
    EINVAL(22, "Invalid argument"),
    ENOTTY(25, "Inappropriate ioctl for device"),
    EFBIG(27, "File too large"),
    ENOSPC(28, "No space left on device"),
    ESPIPE(29, "Illegal seek"),
    EPIPE(32, "Broken pipe"),
    ENODATA(61, "No data available"),
    ENOPKG(65, "Package not installed"),
    EOVERFLOW(75, "Value too large for defined data type"),
    EMSGSIZE(90, "Message too long"),
    EOPNOTSUPP(95, "Operation not supported"),
    ECONNRESET(104, "Connection reset by peer"),
    ENOBUFS(105, "No buffer space available"),
    ENOTCONN(107, "Transport endpoint is not connected"),
    ECONNREFUSED(111, "Connection refused"),
    ERESTARTSYS(512, "Interrupted; restart the system call");

    private final int number;
    private final String description;

    Errno(final int number, final String description) {
        this.number = number;
        this.description = description;
    }

    public int number() {
        return number;
    }

    public String description() {
        return description;
    }

    /** The errno called {@code name} (e.g. {@code "EAGAIN"}), or null when there is none. */
    public static Errno byName(final String name) {
        for (final Errno e : values()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return null;
    }
}
