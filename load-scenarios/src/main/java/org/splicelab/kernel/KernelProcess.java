package org.splicelab.kernel;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.splicelab.litmus.Bytes;
import org.splicelab.litmus.Value;
import org.splicelab.protocols.Errno;
import org.splicelab.protocols.Program;
import org.splicelab.protocols.Syscall;

/**
 * One litmus process on a real thread: runs its {@link Program.Step}s as the host kernel's system
 * calls on its own descriptor table and memory, puts each result in its register as the model's
 * runner does (a count, an errno, the bytes read), and at the end closes its descriptors (process
 * exit). User buffers for read/write are page-aligned (mmap'd), as O_DIRECT needs.
 */
final class KernelProcess implements Runnable {
    /** Thrown out of a call that returned because the run was aborted: its result is not recorded. */
    private static final class Aborted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Aborted() {
            super(null, null, false, false);
        }
    }

    /** What the process shares with the run that started it. */
    interface Run {
        boolean aborted();

        void progressed();

        /** Spins until the aligned start (plus this process's skew). */
        void awaitStart(int process);

        void finished(KernelProcess p);
    }

    final String name;
    private final int index;
    private final List<Program.Step> steps;
    private final KernelWorld.FdTable table;
    private final List<KernelWorld.Region> regions;
    private final Run run;
    final Map<String, Value> registers = new LinkedHashMap<>();
    volatile boolean inCall;
    volatile int tid;
    volatile boolean done;
    volatile String failure;
    private Pointer scratch;
    private long scratchSize;

    KernelProcess(final String name, final int index, final List<Program.Step> steps, final KernelWorld.FdTable table,
                  final List<KernelWorld.Region> regions, final Run run) {
        this.name = name;
        this.index = index;
        this.steps = steps;
        this.table = table;
        this.regions = regions;
        this.run = run;
    }

    @Override
    public void run() {
        tid = LibC.gettid();
        try {
            run.awaitStart(index);
            execute(steps);
        } catch (Aborted e) {
            // the run was cut off while this process was blocked; its last call is not recorded
        } catch (KernelException e) {
            failure = name + ": " + e.getMessage();
        } catch (RuntimeException | Error e) {
            failure = name + ": " + e;
        } finally {
            table.closeAll();
            if (scratch != null) {
                LibC.munmap(scratch, scratchSize);
            }
            done = true;
            run.finished(this);
        }
    }

    private void execute(final List<Program.Step> body) {
        for (final Program.Step s : body) {
            if (run.aborted()) {
                throw new Aborted();
            }
            if (s instanceof Program.Repeat r) {
                for (int i = 0; i < r.times(); i++) {
                    execute(r.body());
                }
            } else if (s instanceof Program.Call c) {
                inCall = true;
                final Value v;
                try {
                    v = call(c.syscall());
                } finally {
                    inCall = false;
                }
                if (run.aborted()) {
                    throw new Aborted();
                }
                if (c.register() != null && v != null) {
                    registers.put(c.register(), v);
                }
                run.progressed();
            } else {
                throw new KernelException("a workload loop is not a litmus statement: " + s);
            }
        }
    }

    private int fd(final int number) {
        return table.real(number);
    }

    private Value call(final Syscall s) {
        if (s instanceof Syscall.Splice c) {
            return count(LibC.splice(fd(c.fdIn()), offset(c.offIn()), fd(c.fdOut()), offset(c.offOut()), c.len(),
                c.flags()));
        } else if (s instanceof Syscall.Vmsplice v) {
            final Memory iov = new Memory(16);
            iov.clear();
            if (!v.emptyIov()) {
                iov.setPointer(0, regions.get(v.mem()).base().share(v.memOffset()));
                iov.setLong(8, v.len());
            }
            return count(LibC.vmsplice(fd(v.fd()), iov, v.emptyIov() ? 0 : 1, v.flags()));
        } else if (s instanceof Syscall.Tee t) {
            return count(LibC.tee(fd(t.fdIn()), fd(t.fdOut()), t.len(), t.flags()));
        } else if (s instanceof Syscall.Sendfile f) {
            return count(LibC.sendfile(fd(f.fdOut()), fd(f.fdIn()), offset(f.offset()), f.count()));
        } else if (s instanceof Syscall.Read r) {
            final Pointer buf = buffer(r.len());
            return data(LibC.read(fd(r.fd()), buf, r.len()), buf);
        } else if (s instanceof Syscall.Pread r) {
            final Pointer buf = buffer(r.len());
            return data(LibC.pread(fd(r.fd()), buf, r.len(), r.offset()), buf);
        } else if (s instanceof Syscall.Write w) {
            return count(LibC.write(fd(w.fd()), fill(w.data()), w.data().length));
        } else if (s instanceof Syscall.Pwrite w) {
            return count(LibC.pwrite(fd(w.fd()), fill(w.data()), w.data().length, w.offset()));
        } else if (s instanceof Syscall.Truncate t) {
            return count(LibC.ftruncate(fd(t.fd()), t.length()));
        } else if (s instanceof Syscall.Fsync f) {
            return count(LibC.fsync(fd(f.fd())));
        } else if (s instanceof Syscall.FadviseDontneed f) {
            final int e = LibC.posix_fadvise(fd(f.fd()), 0, 0, LibC.POSIX_FADV_DONTNEED);
            return e == 0 ? Value.of(0) : errno(e);
        } else if (s instanceof Syscall.Size z) {
            final Memory st = new Memory(144);
            return LibC.fstat(fd(z.fd()), st) == 0 ? Value.of(st.getLong(48)) : errno(Native.getLastError());
        } else if (s instanceof Syscall.SetPipeSize p) {
            return count(LibC.fcntl(fd(p.fd()), LibC.F_SETPIPE_SZ, p.size()));
        } else if (s instanceof Syscall.GetPipeSize p) {
            return count(LibC.fcntl(fd(p.fd()), LibC.F_GETPIPE_SZ, 0));
        } else if (s instanceof Syscall.FionRead p) {
            final int[] n = new int[1];
            return LibC.ioctl(fd(p.fd()), LibC.FIONREAD, n) == 0 ? Value.of(n[0]) : errno(Native.getLastError());
        } else if (s instanceof Syscall.WatchQueueSetSize w) {
            return count(LibC.ioctl(fd(w.fd()), LibC.IOC_WATCH_QUEUE_SET_SIZE, w.notes()));
        } else if (s instanceof Syscall.RelayWrite) {
            throw new KernelException("relaywrite: user space cannot write a relay record (relay_write is the"
                + " kernel's, for its tracers)");
        } else if (s instanceof Syscall.PostNotification) {
            throw new KernelException("notify: user space cannot post an arbitrary notification (the kernel posts"
                + " them itself, for watched keys or mounts)");
        } else if (s instanceof Syscall.Close c) {
            final int r = table.close(c.fd());
            return r == 0 ? Value.of(0) : errno(-r);
        } else if (s instanceof Syscall.Store st) {
            regions.get(st.mem()).base().write(st.offset(), st.data(), 0, st.data().length);
            return null;
        } else if (s instanceof Syscall.Load l) {
            return Value.of(Bytes.of(regions.get(l.mem()).base().getByteArray(l.offset(), (int) l.len())));
        }
        throw new KernelException("no kernel call for " + s.name());
    }

    private static Memory offset(final long offset) {
        if (offset == Syscall.NO_OFFSET) {
            return null;
        }
        final Memory m = new Memory(8);
        m.setLong(0, offset);
        return m;
    }

    /** A page-aligned buffer of at least {@code len} bytes (the process's scratch mapping, grown as needed). */
    private Pointer buffer(final long len) {
        final long want = Math.max(KernelWorld.PAGE, (len + KernelWorld.PAGE - 1) / KernelWorld.PAGE * KernelWorld.PAGE);
        if (scratch == null || scratchSize < want) {
            if (scratch != null) {
                LibC.munmap(scratch, scratchSize);
            }
            scratch = LibC.mmap(null, want, LibC.PROT_READ | LibC.PROT_WRITE,
                LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS | LibC.MAP_NORESERVE, -1, 0);
            if (scratch == null || Pointer.nativeValue(scratch) == -1L) {
                scratch = null;
                throw new KernelException("mmap of a " + want + "-byte buffer: " + LibC.strerror(Native.getLastError()));
            }
            scratchSize = want;
        }
        return scratch;
    }

    private Pointer fill(final byte[] data) {
        final Pointer buf = buffer(data.length);
        buf.write(0, data, 0, data.length);
        return buf;
    }

    private static Value data(final long n, final Pointer buf) {
        if (n < 0) {
            return errno(Native.getLastError());
        }
        return Value.of(Bytes.of(buf.getByteArray(0, (int) n)));
    }

    private static Value count(final long n) {
        return n >= 0 ? Value.of(n) : errno(Native.getLastError());
    }

    static Value errno(final int number) {
        for (final Errno e : Errno.values()) {
            if (e.number() == number) {
                return Value.of(e);
            }
        }
        throw new KernelException("errno " + number + " (" + LibC.strerror(number) + ") has no litmus name");
    }
}
