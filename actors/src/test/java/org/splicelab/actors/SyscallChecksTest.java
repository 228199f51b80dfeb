package org.splicelab.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.splicelab.protocols.Errno;
import org.splicelab.protocols.FilePosition;
import org.splicelab.protocols.OpenFile;
import org.splicelab.protocols.OpenFlags;
import org.splicelab.protocols.Syscall;
import org.splicelab.protocols.SyscallResult;

/** The argument checks in the kernel's order (SEMANTICS §2.0, §2.9), without actors. */
class SyscallChecksTest {
    private static final long NO = Syscall.NO_OFFSET;
    private static final OpenFile.RegularFile FILE = new OpenFile.RegularFile("f", null, null, new FilePosition(),
        OpenFlags.RDWR);
    private static final OpenFile.RegularFile WRONLY = new OpenFile.RegularFile("w", null, null, new FilePosition(),
        OpenFlags.WRONLY);
    private static final OpenFile.RegularFile APPEND = new OpenFile.RegularFile("a", null, null, new FilePosition(),
        new OpenFlags(true, true, true, false, false));
    private static final OpenFile.PipeEnd READ_END = new OpenFile.PipeEnd("p.r", null, 1, false, OpenFlags.RDONLY);
    private static final OpenFile.PipeEnd WRITE_END = new OpenFile.PipeEnd("p.w", null, 1, true, OpenFlags.WRONLY);
    private static final OpenFile.PipeEnd OTHER_WRITE = new OpenFile.PipeEnd("q.w", null, 2, true, OpenFlags.WRONLY);
    /** fd 3 = f, 4 = p.r, 5 = p.w, 6 = q.w, 7 = a (O_APPEND), 8 = w (O_WRONLY). */
    private static final Map<Integer, OpenFile> FDS = Map.of(3, FILE, 4, READ_END, 5, WRITE_END, 6, OTHER_WRITE,
        7, APPEND, 8, WRONLY);

    private static SyscallResult done(final Syscall call) {
        return assertInstanceOf(SyscallChecks.Done.class, SyscallChecks.route(call, FDS, null)).result();
    }

    private static SyscallResult fail(final Errno e) {
        return SyscallResult.fail(e);
    }

    @Test
    void shouldCheckSpliceInTheKernelsOrder() {
        assertEquals(SyscallResult.count(0), done(new Syscall.Splice(99, NO, 98, NO, 0, 0xFF)),
            "len 0 returns 0 before the flags and the descriptors are looked at");
        assertEquals(fail(Errno.EINVAL), done(new Syscall.Splice(99, NO, 98, NO, 1, 0x10)), "flags before fds");
        assertEquals(fail(Errno.EBADF), done(new Syscall.Splice(99, NO, 5, NO, 1, 0)));
        assertEquals(fail(Errno.ESPIPE), done(new Syscall.Splice(4, 0, 3, NO, 1, 0)), "an offset for a pipe end");
        assertEquals(fail(Errno.EBADF), done(new Syscall.Splice(5, NO, 3, NO, 1, 0)), "the write end as input");
        assertEquals(fail(Errno.EBADF), done(new Syscall.Splice(8, NO, 5, NO, 1, 0)), "an O_WRONLY file as input");
        assertEquals(fail(Errno.EINVAL), done(new Syscall.Splice(4, NO, 5, NO, 1, 0)), "both ends of one pipe");
        assertEquals(fail(Errno.EINVAL), done(new Syscall.Splice(3, NO, 7, NO, 1, 0)), "file to file: no pipe");
        assertEquals(fail(Errno.EINVAL), done(new Syscall.Splice(4, NO, 7, NO, 1, 0)), "an O_APPEND output");
    }

    @Test
    void shouldCheckTeeAndVmsplice() {
        assertEquals(fail(Errno.EINVAL), done(new Syscall.Tee(4, 6, 1, 0x10)));
        assertEquals(SyscallResult.count(0), done(new Syscall.Tee(4, 6, 0, 0)));
        assertEquals(fail(Errno.EINVAL), done(new Syscall.Tee(3, 6, 1, 0)), "not two pipes");
        assertEquals(fail(Errno.EBADF), done(new Syscall.Tee(5, 6, 1, 0)), "the write end as input: EBADF (6.18)");
        assertEquals(fail(Errno.EBADF), done(new Syscall.Vmsplice(3, 0, 0, 1, 0, true, false)), "not a pipe");
        assertEquals(fail(Errno.EINVAL), done(new Syscall.Vmsplice(5, 0, 0, 1, 0x10, true, false)));
    }

    @Test
    void shouldCheckSendfileAndRouteFileReadsToTheCaller() {
        assertEquals(fail(Errno.EBADF), done(new Syscall.Sendfile(5, 8, NO, 1)), "input not readable");
        assertEquals(fail(Errno.ESPIPE), done(new Syscall.Sendfile(3, 4, 0, 1)), "an offset on a pipe input");
        assertEquals(fail(Errno.EINVAL), done(new Syscall.Sendfile(7, 3, NO, 1)), "an O_APPEND output");
        assertInstanceOf(SyscallChecks.FileRead.class, SyscallChecks.route(new Syscall.Pread(3, 0, 10), FDS, null),
            "a buffered file read is done by the process itself, through the lock-free page cache");
        assertEquals(fail(Errno.ESPIPE), done(new Syscall.Pread(4, 0, 10)));
        assertEquals(fail(Errno.EINVAL), done(new Syscall.Pread(3, -1, 10)));
    }
}
