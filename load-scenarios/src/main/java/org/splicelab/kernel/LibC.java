package org.splicelab.kernel;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The host kernel's system calls this program makes for real, through JNA direct mapping (glibc's
 * wrappers; Linux x86-64 constants). Negative results leave the errno in {@link Native#getLastError()}.
 * The variadic {@code open}, {@code fcntl} and {@code ioctl} are declared with their fixed arguments,
 * which the x86-64 calling convention passes the same way.
 */
final class LibC {
    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_RDWR = 2;
    static final int O_CREAT = 0100;
    static final int O_TRUNC = 01000;
    static final int O_APPEND = 02000;
    static final int O_NONBLOCK = 04000;
    static final int O_DIRECT = 040000;
    static final int O_CLOEXEC = 02000000;

    static final int F_GETFL = 3;
    static final int F_SETFL = 4;
    static final int F_SETPIPE_SZ = 1031;
    static final int F_GETPIPE_SZ = 1032;
    static final long FIONREAD = 0x541B;

    static final int AF_UNIX = 1;
    static final int AF_INET = 2;
    static final int SOCK_STREAM = 1;
    static final int SOCK_DGRAM = 2;
    /** O_NOTIFICATION_PIPE (= O_EXCL) for pipe2. */
    static final int O_NOTIFICATION_PIPE = 0200;
    /** _IO('W', 0x60). */
    static final long IOC_WATCH_QUEUE_SET_SIZE = 0x5760;
    static final int ENOPKG = 65;
    static final int SOCK_CLOEXEC = 02000000;
    static final int SHUT_RDWR = 2;
    static final int IPPROTO_TCP = 6;
    static final int TCP_NODELAY = 1;

    static final int PROT_NONE = 0;
    static final int PROT_READ = 1;
    static final int PROT_WRITE = 2;
    static final int MAP_SHARED = 1;
    static final int MAP_PRIVATE = 2;
    static final int MAP_ANONYMOUS = 0x20;
    static final int MAP_NORESERVE = 0x4000;

    static final int POSIX_FADV_DONTNEED = 4;

    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private LibC() {
    }

    static native int open(String path, int flags, int mode);

    static native int close(int fd);

    static native int dup(int fd);

    static native int pipe(int[] fds);

    static native int pipe2(int[] fds, int flags);

    static native int fcntl(int fd, int cmd, long arg);

    static native int ioctl(int fd, long request, int[] arg);

    /** ioctl with an integer argument (IOC_WATCH_QUEUE_SET_SIZE). */
    static native int ioctl(int fd, long request, long arg);

    /** splice(2): {@code offIn}/{@code offOut} point at a loff_t, or are null. */
    static native long splice(int fdIn, Pointer offIn, int fdOut, Pointer offOut, long len, int flags);

    static native long vmsplice(int fd, Pointer iov, long nrSegs, int flags);

    static native long tee(int fdIn, int fdOut, long len, int flags);

    static native long sendfile(int outFd, int inFd, Pointer offset, long count);

    static native long read(int fd, Pointer buf, long count);

    static native long write(int fd, Pointer buf, long count);

    static native long pread(int fd, Pointer buf, long count, long offset);

    static native long pwrite(int fd, Pointer buf, long count, long offset);

    static native int ftruncate(int fd, long length);

    static native int fsync(int fd);

    /** Returns the error number itself (0 on success), not -1. */
    static native int posix_fadvise(int fd, long offset, long len, int advice);

    /** struct stat: st_size is the long at byte 48 on x86-64. */
    static native int fstat(int fd, Pointer stat);

    static native int socketpair(int domain, int type, int protocol, int[] fds);

    static native int socket(int domain, int type, int protocol);

    static native int bind(int fd, Pointer addr, int len);

    static native int listen(int fd, int backlog);

    static native int connect(int fd, Pointer addr, int len);

    static native int accept(int fd, Pointer addr, Pointer len);

    static native int getsockname(int fd, Pointer addr, int[] len);

    static native int setsockopt(int fd, int level, int name, int[] value, int len);

    static native int shutdown(int fd, int how);

    static native Pointer mmap(Pointer addr, long length, int prot, int flags, int fd, long offset);

    static native int munmap(Pointer addr, long length);

    /** mincore(2): one byte per page of {@code [addr, addr + length)} into {@code vec}, bit 0 = resident. */
    static native int mincore(Pointer addr, long length, Pointer vec);

    static native int mprotect(Pointer addr, long length, int prot);

    /** struct utsname: six fields of 65 bytes (sysname, nodename, release, version, machine, domainname). */
    static native int uname(Pointer buf);

    /** struct statfs: f_type is the long at byte 0 on x86-64. */
    static native int statfs(String path, Pointer buf);

    static native int gettid();

    /** sched_setaffinity(2) of the calling thread when {@code pid} is 0; {@code mask} a cpu_set_t. */
    static native int sched_setaffinity(int pid, long cpusetsize, Pointer mask);

    static native int sched_getaffinity(int pid, long cpusetsize, Pointer mask);

    static native String strerror(int errnum);
}
