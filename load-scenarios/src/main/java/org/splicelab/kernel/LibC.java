package org.splicelab.kernel;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The host kernel's system calls this program makes for real, through JNA direct mapping (glibc's
 * wrappers). Only what the kernel-side measurements need. Negative results leave the errno in
 * {@link Native#getLastError()}.
 */
final class LibC {
    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;

    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private LibC() {
    }

    static native int open(String path, int flags);

    static native int close(int fd);

    static native int pipe(int[] fds);

    /** splice(2): {@code offIn}/{@code offOut} point at a loff_t, or are null. */
    static native long splice(int fdIn, Pointer offIn, int fdOut, Pointer offOut, long len, int flags);

    static native String strerror(int errnum);
}
