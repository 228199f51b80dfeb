package org.splicelab.kernel;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.splicelab.actors.WorldSpec;
import org.splicelab.protocols.Filesystem;
import org.splicelab.protocols.Program;

/**
 * One execution's objects on the host kernel, built from a {@link WorldSpec}: each file written (in
 * 4096-byte pieces, so a filesystem with large folios still caches it in 4 KiB folios, as the model
 * has it) into {@code dir}, each declared descriptor opened, pipes made with {@code pipe2} (and
 * {@code F_SETPIPE_SZ} for a slot count other than 16), socket pairs ({@code socketpair} or a loopback
 * TCP connection with TCP_NODELAY), and per process a descriptor table of {@code dup}s of every
 * declared descriptor (what a fork leaves: one open file description, one table each) and its memory
 * regions ({@code mmap}'d, with a PROT_NONE guard page after each). Built and closed by one thread.
 */
final class KernelWorld implements AutoCloseable {
    static final long PAGE = 4096;

    /** A process's descriptor table: litmus number → real fd, -1 once closed. Closing is idempotent. */
    static final class FdTable {
        private final Map<Integer, Integer> fds = new HashMap<>();
        private final List<Integer> sockets = new ArrayList<>();

        synchronized int real(final int number) {
            return fds.getOrDefault(number, -1);
        }

        /** close(2) of the process's descriptor {@code number}: its result, or -EBADF when it is not open. */
        synchronized int close(final int number) {
            final int fd = fds.getOrDefault(number, -1);
            if (fd < 0) {
                return -9;
            }
            fds.put(number, -1);
            sockets.remove((Integer) fd);
            return LibC.close(fd) == 0 ? 0 : -Native.getLastError();
        }

        /** Wakes callers blocked on a socket end (shutdown reaches every holder of the socket). */
        synchronized void shutdownSockets() {
            for (final int fd : sockets) {
                LibC.shutdown(fd, LibC.SHUT_RDWR);
            }
        }

        synchronized void closeAll() {
            for (final Map.Entry<Integer, Integer> e : fds.entrySet()) {
                if (e.getValue() >= 0) {
                    LibC.close(e.getValue());
                    e.setValue(-1);
                }
            }
            sockets.clear();
        }

        synchronized void put(final int number, final int fd, final boolean socket) {
            fds.put(number, fd);
            if (socket) {
                sockets.add(fd);
            }
        }
    }

    /** A mapped region: {@code size} usable bytes at {@code base}, then a guard page. */
    record Region(Pointer base, long size, long mapped) {
    }

    private final Map<String, Integer> masters = new LinkedHashMap<>();
    private final Map<String, WorldSpec.Kind> kinds = new HashMap<>();
    private final List<FdTable> tables = new ArrayList<>();
    private final Map<String, List<Region>> regions = new HashMap<>();
    private final List<Region> mapped = new ArrayList<>();
    private final List<Path> files = new ArrayList<>();

    private KernelWorld() {
    }

    /**
     * Builds {@code spec}'s objects, each file in {@code dirs.get(its filesystem)} ({@code dir} when it
     * names none); fails with {@link KernelException} naming the call.
     */
    static KernelWorld build(final WorldSpec spec, final Path dir, final Map<Filesystem, Path> dirs) {
        final KernelWorld w = new KernelWorld();
        try {
            w.create(spec, dir, dirs);
            return w;
        } catch (RuntimeException e) {
            w.close();
            throw e;
        }
    }

    private void create(final WorldSpec spec, final Path dir, final Map<Filesystem, Path> dirs) {
        if (!spec.relays().isEmpty()) {
            // observed here: BLKTRACESETUP on /dev/loop0 makes the relay files, but opening
            // /sys/kernel/debug/block/loop0/trace0 is EPERM (test/kernel-checks/relay_blktrace.c)
            throw new KernelException("relay " + spec.relays().get(0).name() + ": user space cannot make a relay"
                + " channel or write its records (kernel tracers do: blktrace's BLKTRACESETUP makes one, whose relay"
                + " file this machine's debugfs refuses to open, EPERM); and since 6.8 relay has no splice_read");
        }
        final Map<String, Path> paths = new HashMap<>();
        for (final WorldSpec.FileSpec f : spec.files()) {
            if (f.dax()) {
                // a DAX inode needs a filesystem mounted with -o dax on persistent memory (or virtio-pmem)
                throw new KernelException("file " + f.name() + " is declared dax: "
                    + Host.daxMount().map(m -> "a DAX mount exists (" + m + ") but the backend does not place files"
                        + " on it yet").orElse("no filesystem here is mounted with -o dax (/proc/mounts), so this"
                        + " kernel cannot run it"));
            }
            final Path p = (f.fs() == null ? dir : dirs.get(f.fs())).resolve("f-" + f.name());
            writeFile(p, f.data());
            paths.put(f.name(), p);
            files.add(p);
        }
        final Map<String, int[]> pipes = new HashMap<>();
        for (final WorldSpec.PipeSpec p : spec.pipes()) {
            final int[] fds = new int[2];
            final int flags = LibC.O_CLOEXEC | (p.nonblock() ? LibC.O_NONBLOCK : 0)
                | (p.notification() ? LibC.O_NOTIFICATION_PIPE : 0);
            if (LibC.pipe2(fds, flags) != 0) {
                final int errno = Native.getLastError();
                pipes.values().forEach(made -> {
                    LibC.close(made[0]);
                    LibC.close(made[1]);
                });
                throw new KernelException("pipe2" + (p.notification() ? "(O_NOTIFICATION_PIPE)" : "") + " for pipe "
                    + p.name() + ": " + LibC.strerror(errno) + (errno == LibC.ENOPKG
                    ? " (ENOPKG: this kernel was built without CONFIG_WATCH_QUEUE)" : ""));
            }
            if (p.notes() > 0) {
                check(LibC.ioctl(fds[0], LibC.IOC_WATCH_QUEUE_SET_SIZE, (long) p.notes()), "IOC_WATCH_QUEUE_SET_SIZE");
            }
            pipes.put(p.name(), fds);
            if (p.slots() != 16) {
                check(LibC.fcntl(fds[1], LibC.F_SETPIPE_SZ, p.slots() * PAGE), "F_SETPIPE_SZ " + p.slots() * PAGE);
            }
        }
        final Map<String, int[]> pairs = new HashMap<>();
        for (final WorldSpec.SocketPairSpec s : spec.socketPairs()) {
            final int[] fds = switch (s.kind()) {
                case UNIX -> unixPair();
                case TCP -> tcpPair();
                case UDP -> udpPair();
            };
            pairs.put(s.name(), fds);
            if (s.nonblock()) {
                for (final int fd : fds) {
                    check(LibC.fcntl(fd, LibC.F_SETFL, LibC.O_RDWR | LibC.O_NONBLOCK), "F_SETFL O_NONBLOCK");
                }
            }
        }
        for (final WorldSpec.DescriptorSpec d : spec.descriptors()) {
            final int fd = switch (d.kind()) {
                case FILE -> check(LibC.open(paths.get(d.object()).toString(), openFlags(d.flags()), 0), "open " + d.name());
                case PIPE_READ -> pipes.get(d.object())[0];
                case PIPE_WRITE -> pipes.get(d.object())[1];
                case SOCKET_0 -> pairs.get(d.object())[0];
                case SOCKET_1 -> pairs.get(d.object())[1];
                case NULL_DEVICE, ZERO_DEVICE, FULL_DEVICE -> check(LibC.open(d.kind().device().path(),
                    openFlags(d.flags()), 0), "open " + d.kind().device().path());
                case RELAY -> throw new KernelException("relay " + d.name() + ": no relay channel here");
            };
            masters.put(d.name(), fd);
            kinds.put(d.name(), d.kind());
        }
        for (final WorldSpec.ProcessSpec p : spec.processes()) {
            if (p.sharesMemoryOf() == null) {
                final List<Region> rs = new ArrayList<>();
                for (final Program.Region r : p.regions()) {
                    rs.add(map(r));
                }
                regions.put(p.name(), rs);
            }
        }
        for (final WorldSpec.ProcessSpec p : spec.processes()) {
            final FdTable t = new FdTable();
            for (final Map.Entry<Integer, String> e : p.fds().entrySet()) {
                final WorldSpec.Kind k = kinds.get(e.getValue());
                t.put(e.getKey(), check(LibC.dup(masters.get(e.getValue())), "dup"),
                    k == WorldSpec.Kind.SOCKET_0 || k == WorldSpec.Kind.SOCKET_1);
            }
            tables.add(t);
        }
        closeMasters();
    }

    /** The table of the {@code i}-th process. */
    FdTable table(final int i) {
        return tables.get(i);
    }

    /** The memory regions process {@code spec} uses (another's when it shares that one's address space). */
    List<Region> regions(final WorldSpec.ProcessSpec spec) {
        return regions.get(spec.sharesMemoryOf() == null ? spec.name() : spec.sharesMemoryOf());
    }

    /** Shuts every socket down and closes every descriptor: what wakes calls still blocked. */
    void unblockAll() {
        tables.forEach(FdTable::shutdownSockets);
        tables.forEach(FdTable::closeAll);
    }

    @Override
    public void close() {
        closeMasters();
        tables.forEach(FdTable::closeAll);
        for (final Region r : mapped) {
            LibC.munmap(r.base(), r.mapped());
        }
        mapped.clear();
        for (final Path p : files) {
            p.toFile().delete();
        }
    }

    private void closeMasters() {
        for (final int fd : masters.values()) {
            LibC.close(fd);
        }
        masters.clear();
    }

    private static int openFlags(final org.splicelab.protocols.OpenFlags f) {
        int flags = f.readable() && f.writable() ? LibC.O_RDWR : f.writable() ? LibC.O_WRONLY : LibC.O_RDONLY;
        if (f.append()) {
            flags |= LibC.O_APPEND;
        }
        if (f.direct()) {
            flags |= LibC.O_DIRECT;
        }
        if (f.nonblock()) {
            flags |= LibC.O_NONBLOCK;
        }
        return flags | LibC.O_CLOEXEC;
    }

    private static void writeFile(final Path p, final byte[] data) {
        final int fd = check(LibC.open(p.toString(), LibC.O_CREAT | LibC.O_TRUNC | LibC.O_RDWR | LibC.O_CLOEXEC, 0644),
            "create " + p);
        try {
            final Memory buf = new Memory(PAGE);
            for (int at = 0; at < data.length; at += (int) PAGE) {
                final int n = (int) Math.min(PAGE, data.length - at);
                buf.write(0, data, at, n);
                if (LibC.write(fd, buf, n) != n) {
                    throw new KernelException("write " + p + ": " + LibC.strerror(Native.getLastError()));
                }
            }
        } finally {
            LibC.close(fd);
        }
    }

    private Region map(final Program.Region r) {
        final long size = Math.max(PAGE, (r.size() + PAGE - 1) / PAGE * PAGE);
        final long total = size + PAGE;
        final Pointer base = LibC.mmap(null, total, LibC.PROT_READ | LibC.PROT_WRITE,
            LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS, -1, 0);
        if (base == null || Pointer.nativeValue(base) == -1L) {
            throw new KernelException("mmap " + r.name() + ": " + LibC.strerror(Native.getLastError()));
        }
        final Region region = new Region(base, r.size(), total);
        mapped.add(region);
        check(LibC.mprotect(base.share(size), PAGE, LibC.PROT_NONE), "mprotect guard page");
        if (r.populated()) {
            base.setMemory(0, r.size(), r.fill());
        }
        return region;
    }

    private static int[] unixPair() {
        final int[] fds = new int[2];
        check(LibC.socketpair(LibC.AF_UNIX, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0, fds), "socketpair");
        return fds;
    }

    /**
     * Two UDP sockets on 127.0.0.1, each bound to a port of its own and connected to the other's: the
     * litmus {@code socketpair S udp} (datagrams in both directions, no EOF).
     */
    private static int[] udpPair() {
        final int[] fds = new int[2];
        final Memory[] addrs = {new Memory(16), new Memory(16)};
        try {
            for (int i = 0; i < 2; i++) {
                fds[i] = check(LibC.socket(LibC.AF_INET, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0), "socket udp");
                addrs[i].clear();
                addrs[i].setShort(0, (short) LibC.AF_INET);
                addrs[i].setByte(4, (byte) 127);
                addrs[i].setByte(7, (byte) 1);
                check(LibC.bind(fds[i], addrs[i], 16), "bind udp 127.0.0.1");
                check(LibC.getsockname(fds[i], addrs[i], new int[] {16}), "getsockname");
            }
            check(LibC.connect(fds[0], addrs[1], 16), "connect udp");
            check(LibC.connect(fds[1], addrs[0], 16), "connect udp");
            return fds;
        } catch (RuntimeException e) {
            for (final int fd : fds) {
                if (fd > 0) {
                    LibC.close(fd);
                }
            }
            throw e;
        }
    }

    /** A loopback TCP connection {client, server}, both with TCP_NODELAY. */
    static int[] tcpPair() {
        final int listener = check(LibC.socket(LibC.AF_INET, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0), "socket");
        try {
            final Memory addr = new Memory(16);
            addr.clear();
            addr.setShort(0, (short) LibC.AF_INET);
            addr.setByte(4, (byte) 127);
            addr.setByte(7, (byte) 1);
            check(LibC.bind(listener, addr, 16), "bind 127.0.0.1");
            check(LibC.listen(listener, 1), "listen");
            check(LibC.getsockname(listener, addr, new int[] {16}), "getsockname");
            final int client = check(LibC.socket(LibC.AF_INET, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0), "socket");
            if (LibC.connect(client, addr, 16) != 0) {
                final int errno = Native.getLastError();
                LibC.close(client);
                throw new KernelException("connect to 127.0.0.1: " + LibC.strerror(errno));
            }
            final int server = LibC.accept(listener, null, null);
            if (server < 0) {
                final int errno = Native.getLastError();
                LibC.close(client);
                throw new KernelException("accept: " + LibC.strerror(errno));
            }
            for (final int fd : new int[] {client, server}) {
                LibC.setsockopt(fd, LibC.IPPROTO_TCP, LibC.TCP_NODELAY, new int[] {1}, 4);
            }
            return new int[] {client, server};
        } finally {
            LibC.close(listener);
        }
    }

    private static int check(final int result, final String what) {
        if (result < 0) {
            throw new KernelException(what + ": " + LibC.strerror(Native.getLastError()));
        }
        return result;
    }
}
