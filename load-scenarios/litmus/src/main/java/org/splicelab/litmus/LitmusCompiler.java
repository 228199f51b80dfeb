package org.splicelab.litmus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.splicelab.actors.PipeActor;
import org.splicelab.actors.WorldSpec;
import org.splicelab.protocols.Program;
import org.splicelab.protocols.SocketKind;
import org.splicelab.protocols.Syscall;

/**
 * Turns a parsed {@link LitmusTest} into the {@link WorldSpec} the actors run: descriptors numbered from
 * 3 in declaration order and inherited by every process (as after fork), memory regions private to
 * each process, statements into {@link Syscall}s.
 */
public final class LitmusCompiler {
    private final LitmusTest test;
    private final String fileLabel;
    private final String[] lines;
    private final Map<String, Integer> fdNumbers = new LinkedHashMap<>();
    private final Map<String, Integer> regions = new HashMap<>();
    private final List<Program.Region> regionList = new ArrayList<>();

    private LitmusCompiler(final LitmusTest test, final String fileLabel, final String text) {
        this.test = test;
        this.fileLabel = fileLabel;
        this.lines = text.split("\\R", -1);
    }

    /**
     * The world of {@code test} (parsed from {@code text}); a declaration the simulator cannot build
     * fails with file:line.
     */
    public static WorldSpec compile(final LitmusTest test, final String fileLabel, final String text) {
        return new LitmusCompiler(test, fileLabel, text).build();
    }

    private WorldSpec build() {
        final List<WorldSpec.FileSpec> files = new ArrayList<>();
        final List<WorldSpec.PipeSpec> pipes = new ArrayList<>();
        final List<WorldSpec.SocketPairSpec> pairs = new ArrayList<>();
        final List<WorldSpec.DescriptorSpec> descs = new ArrayList<>();
        final List<WorldSpec.RelaySpec> relays = new ArrayList<>();
        for (final Declaration d : test.declarations()) {
            if (d instanceof Declaration.File f) {
                files.add(new WorldSpec.FileSpec(f.name(), f.initialContent().data(), f.fs(), f.dax()));
                descs.add(new WorldSpec.DescriptorSpec(f.name(), WorldSpec.Kind.FILE, f.name(), flags(f.flags())));
            } else if (d instanceof Declaration.Open o) {
                descs.add(new WorldSpec.DescriptorSpec(o.name(), WorldSpec.Kind.FILE, o.file(), flags(o.flags())));
            } else if (d instanceof Declaration.Pipe p) {
                final int slots = p.size().isPresent() ? PipeActor.slotsFor(p.size().getAsLong()) : 16;
                if (slots < 0) {
                    throw new LitmusParseException(fileLabel, p.line(), 1, "pipe " + p.name() + " size="
                        + p.size().getAsLong() + " is not a size F_SETPIPE_SZ accepts for an unprivileged process "
                        + "(expected at most 1048576 bytes, fs.pipe-max-size)");
                }
                pipes.add(new WorldSpec.PipeSpec(p.name(), slots, p.nonblock(), "pipe-" + p.name(), p.notification(),
                    p.notes()));
                descs.add(new WorldSpec.DescriptorSpec(p.name() + ".r", WorldSpec.Kind.PIPE_READ, p.name(), null));
                descs.add(new WorldSpec.DescriptorSpec(p.name() + ".w", WorldSpec.Kind.PIPE_WRITE, p.name(), null));
            } else if (d instanceof Declaration.SocketPair s) {
                pairs.add(new WorldSpec.SocketPairSpec(s.name(), SocketKind.valueOf(s.kind().name()), s.nonblock()));
                descs.add(new WorldSpec.DescriptorSpec(s.name() + ".0", WorldSpec.Kind.SOCKET_0, s.name(), null));
                descs.add(new WorldSpec.DescriptorSpec(s.name() + ".1", WorldSpec.Kind.SOCKET_1, s.name(), null));
            } else if (d instanceof Declaration.Device v) {
                descs.add(new WorldSpec.DescriptorSpec(v.name(), WorldSpec.Kind.of(v.device()), v.device().id(),
                    flags(v.flags())));
            } else if (d instanceof Declaration.Relay r) {
                relays.add(new WorldSpec.RelaySpec(r.name(), r.subbufSize(), r.subbufs()));
                descs.add(new WorldSpec.DescriptorSpec(r.name(), WorldSpec.Kind.RELAY, r.name(),
                    org.splicelab.protocols.OpenFlags.RDONLY));
            } else if (d instanceof Declaration.Mem m) {
                regions.put(m.name(), regionList.size());
                regionList.add(new Program.Region(m.name(), m.size(), m.fill(), m.touched()));
            }
        }
        int fd = 3;
        for (final WorldSpec.DescriptorSpec d : descs) {
            fdNumbers.put(d.name(), fd++);
        }
        final Map<Integer, String> table = new LinkedHashMap<>();
        fdNumbers.forEach((name, number) -> table.put(number, name));
        final List<WorldSpec.ProcessSpec> processes = new ArrayList<>();
        for (final ProcessBlock p : test.processes()) {
            processes.add(new WorldSpec.ProcessSpec(p.name(), table, regionList, steps(p.body()), p.shares()));
        }
        return new WorldSpec(files, pipes, pairs, descs, processes, relays);
    }

    private static org.splicelab.protocols.OpenFlags flags(final OpenFlags f) {
        return new org.splicelab.protocols.OpenFlags(f.mode() != OpenFlags.Mode.WO, f.mode() != OpenFlags.Mode.RO,
            f.append(), f.odirect(), f.nonblock());
    }

    private List<Program.Step> steps(final List<Statement> body) {
        final List<Program.Step> out = new ArrayList<>();
        for (final Statement s : body) {
            if (s instanceof Statement.Repeat r) {
                out.add(new Program.Repeat(r.count(), steps(r.body())));
            } else {
                final Statement.Call c = (Statement.Call) s;
                out.add(new Program.Call(syscall(c.op()), c.register().orElse(null), c.line(), source(c.line())));
            }
        }
        return out;
    }

    private String source(final int line) {
        if (line < 1 || line > lines.length) {
            return "";
        }
        final String l = lines[line - 1];
        final int hash = l.indexOf('#');
        return (hash >= 0 && l.lastIndexOf('"', hash) < 0 && l.lastIndexOf('\'', hash) < 0 ? l.substring(0, hash) : l)
            .strip();
    }

    private int fd(final FdRef ref) {
        if (ref instanceof FdRef.Raw r) {
            return r.number();
        }
        final Integer n = fdNumbers.get(ref.toString());
        if (n == null) {
            throw new IllegalStateException("undeclared descriptor " + ref);
        }
        return n;
    }

    private int region(final MemRef m) {
        return regions.get(m.name());
    }

    private static long off(final java.util.OptionalLong o) {
        return o.isPresent() ? o.getAsLong() : Syscall.NO_OFFSET;
    }

    private Syscall syscall(final Op op) {
        if (op instanceof Op.Splice s) {
            return new Syscall.Splice(fd(s.in()), off(s.inOffset()), fd(s.out()), off(s.outOffset()), s.length(),
                s.flags());
        } else if (op instanceof Op.VmspliceToPipe v) {
            return v.source().isPresent()
                ? new Syscall.Vmsplice(fd(v.pipe()), region(v.source().get()), v.source().get().offset(), v.length(),
                    v.flags(), true, false)
                : new Syscall.Vmsplice(fd(v.pipe()), -1, 0, 0, v.flags(), true, true);
        } else if (op instanceof Op.VmspliceFromPipe v) {
            return new Syscall.Vmsplice(fd(v.pipe()), region(v.target()), v.target().offset(), v.length(), v.flags(),
                false, false);
        } else if (op instanceof Op.Tee t) {
            return new Syscall.Tee(fd(t.in()), fd(t.out()), t.length(), t.flags());
        } else if (op instanceof Op.Sendfile s) {
            return new Syscall.Sendfile(fd(s.out()), fd(s.in()), off(s.inOffset()), s.length());
        } else if (op instanceof Op.Read r) {
            return new Syscall.Read(fd(r.fd()), r.length());
        } else if (op instanceof Op.Pread r) {
            return new Syscall.Pread(fd(r.fd()), r.offset(), r.length());
        } else if (op instanceof Op.Write w) {
            return new Syscall.Write(fd(w.fd()), w.data().data());
        } else if (op instanceof Op.Pwrite w) {
            return new Syscall.Pwrite(fd(w.fd()), w.offset(), w.data().data());
        } else if (op instanceof Op.Truncate t) {
            return new Syscall.Truncate(fd(t.fd()), t.length());
        } else if (op instanceof Op.Fsync f) {
            return new Syscall.Fsync(fd(f.fd()));
        } else if (op instanceof Op.Fadvise f) {
            return new Syscall.FadviseDontneed(fd(f.fd()));
        } else if (op instanceof Op.Size s) {
            return new Syscall.Size(fd(s.fd()));
        } else if (op instanceof Op.SetPipe s) {
            return new Syscall.SetPipeSize(fd(s.pipe()), s.size());
        } else if (op instanceof Op.GetPipe g) {
            return new Syscall.GetPipeSize(fd(g.pipe()));
        } else if (op instanceof Op.Fionread f) {
            return new Syscall.FionRead(fd(f.pipe()));
        } else if (op instanceof Op.Close c) {
            return new Syscall.Close(fd(c.fd()));
        } else if (op instanceof Op.WatchSize w) {
            return new Syscall.WatchQueueSetSize(fd(w.pipe()), w.notes());
        } else if (op instanceof Op.Notify n) {
            return new Syscall.PostNotification(fd(n.pipe()), n.note());
        } else if (op instanceof Op.RelayWrite w) {
            return new Syscall.RelayWrite(fd(w.relay()), w.data().data());
        } else if (op instanceof Op.Store s) {
            return new Syscall.Store(region(s.target()), s.target().offset(), s.data().data());
        } else if (op instanceof Op.Load l) {
            return new Syscall.Load(region(l.source()), l.source().offset(), l.length());
        }
        throw new IllegalArgumentException("unknown operation " + op);
    }
}
