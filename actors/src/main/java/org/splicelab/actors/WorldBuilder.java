package org.splicelab.actors;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.splicelab.protocols.FilePosition;
import org.splicelab.protocols.OpenFile;
import org.splicelab.protocols.OpenFlags;
import org.splicelab.protocols.PageCacheProtocol;
import org.splicelab.protocols.PipeProtocol;
import org.splicelab.protocols.Program;
import org.splicelab.protocols.SocketProtocol;

/**
 * Turns {@link WorldSpec}s into actors, as children of one parent (a litmus {@link Execution} or the
 * scenario engine): page-cache owners for the files, pipes and socket pairs told how many descriptors
 * hold each end ({@link WorldSpec#holders()}), the open descriptions, then the processes (threads
 * sharing an address space). Every actor it spawns is watched by the parent. Later specs (a process
 * started again after a kill) may name descriptions an earlier one made; the holder counts of
 * objects an earlier spec made are not changed. Confined to the parent's actor.
 */
public final class WorldBuilder {
    private final Kernel kernel;
    private final ActorContext<?> ctx;
    private final ActorRef<ProcessActor.Finished> done;
    private final Map<String, OpenFile> descriptions = new HashMap<>();
    private final Map<String, FileObject> files = new HashMap<>();
    private final Map<String, PipeObject> pipes = new HashMap<>();
    private final Map<String, SocketPairObject> socketPairs = new HashMap<>();
    private final Map<String, ActorRef<org.splicelab.protocols.RelayProtocol.Command>> relays = new HashMap<>();
    private int spawned;
    /** The spec being built's first descriptor per (kind, object) ({@link #end}). */
    private Map<String, String> ends = Map.of();

    /** @param done where every process reports that it finished */
    public WorldBuilder(final Kernel kernel, final ActorContext<?> ctx, final ActorRef<ProcessActor.Finished> done) {
        this.kernel = kernel;
        this.ctx = ctx;
        this.done = done;
    }

    /**
     * Spawns {@code spec}'s objects (in order: files, pipes, socket pairs, relay channels) and then its processes, and
     * returns the processes by name, in the spec's order (not yet started: send each
     * {@link ProcessActor.Start}).
     */
    public Map<String, ActorRef<ProcessActor.Msg>> build(final WorldSpec spec) {
        final Map<String, Integer> holders = spec.holders();
        ends = ends(spec);
        for (final WorldSpec.FileSpec f : spec.files()) {
            file(f);
        }
        for (final WorldSpec.PipeSpec p : spec.pipes()) {
            pipe(spec, p, holders);
        }
        for (final WorldSpec.SocketPairSpec s : spec.socketPairs()) {
            socketPair(spec, s, holders);
        }
        for (final WorldSpec.RelaySpec r : spec.relays()) {
            relays.put(r.name(), spawn(RelayActor.create(kernel, new RelayChannel(kernel, r.subbufSize(), r.subbufs())),
                "relayfs-" + r.name()));
        }
        for (final WorldSpec.DescriptorSpec d : spec.descriptors()) {
            descriptions.put(d.name(), open(d));
        }
        final Map<String, Object> addressSpaces = sharedAddressSpaces(spec);
        final Map<String, ActorRef<ProcessActor.Msg>> out = new LinkedHashMap<>();
        for (final WorldSpec.ProcessSpec p : spec.processes()) {
            final Map<Integer, OpenFile> fds = new HashMap<>();
            p.fds().forEach((fd, name) -> fds.put(fd, description(name)));
            final Program program = new Program(p.name(), fds, p.regions(), p.steps(), p.seed(), p.recordTrace());
            final Object memory = addressSpaces.get(p.sharesMemoryOf() != null ? p.sharesMemoryOf() : p.name());
            out.put(p.name(), spawn(ProcessActor.create(kernel, program, done, memory), "proc-" + p.name()));
        }
        return out;
    }

    /** How many actors this builder has spawned (each watched by the parent). */
    public int spawned() {
        return spawned;
    }

    /** The actor of the pipe named {@code name} in a spec built so far. */
    public ActorRef<PipeProtocol.Command> pipe(final String name) {
        return pipes.get(name).ref();
    }

    /** The two ends' actors of the socket pair named {@code name} in a spec built so far. */
    public List<ActorRef<SocketProtocol.Command>> socketPair(final String name) {
        return socketPairs.get(name).ends();
    }

    private record FileObject(ActorRef<PageCacheProtocol.Command> cache, org.splicelab.memory.PageCache pages,
                              int directIoAlignment, boolean dax) {
    }

    private record PipeObject(ActorRef<PipeProtocol.Command> ref, int id, boolean nonblock, boolean notification) {
    }

    private record SocketPairObject(List<ActorRef<SocketProtocol.Command>> ends, int id, WorldSpec.SocketPairSpec spec) {
    }

    private OpenFile description(final String name) {
        final OpenFile d = descriptions.get(name);
        if (d == null) {
            throw new IllegalArgumentException("no descriptor named " + name);
        }
        return d;
    }

    private void file(final WorldSpec.FileSpec f) {
        final PageCacheFile file;
        try {
            file = new PageCacheFile(kernel, kernel.nextId(), f.data());
        } catch (PageCacheFile.OutOfFrames e) {
            throw new PageCacheFile.OutOfFrames("file " + f.name() + ": " + e.getMessage());
        }
        files.put(f.name(), new FileObject(spawn(PageCacheActor.create(kernel, file), "file-" + f.name()), file.pages(),
            f.fs() == null ? 1 : f.fs().directIoAlignment(), f.dax()));
    }

    private void pipe(final WorldSpec spec, final WorldSpec.PipeSpec p, final Map<String, Integer> holders) {
        final int id = (int) kernel.nextId();
        final ActorRef<PipeProtocol.Command> pipe = spawn(PipeActor.create(kernel, id, p.slots(),
            holders.getOrDefault(end(spec, p.name(), WorldSpec.Kind.PIPE_READ), 0),
            holders.getOrDefault(end(spec, p.name(), WorldSpec.Kind.PIPE_WRITE), 0), p.notification(), p.notes()),
            p.actor());
        pipes.put(p.name(), new PipeObject(pipe, id, p.nonblock(), p.notification()));
    }

    private void socketPair(final WorldSpec spec, final WorldSpec.SocketPairSpec s, final Map<String, Integer> holders) {
        final int id = (int) kernel.nextId();
        final ActorRef<SocketProtocol.Command> e0 = spawn(SocketActor.create(kernel,
            holders.getOrDefault(end(spec, s.name(), WorldSpec.Kind.SOCKET_0), 0), s.kind()), s.actor() + "-0");
        final ActorRef<SocketProtocol.Command> e1 = spawn(SocketActor.create(kernel,
            holders.getOrDefault(end(spec, s.name(), WorldSpec.Kind.SOCKET_1), 0), s.kind()), s.actor() + "-1");
        e0.tell(new SocketActor.Connect(e1));
        e1.tell(new SocketActor.Connect(e0));
        socketPairs.put(s.name(), new SocketPairObject(List.of(e0, e1), id, s));
    }

    /** The open description {@code d} names, on an object this spec or an earlier one made. */
    private OpenFile open(final WorldSpec.DescriptorSpec d) {
        switch (d.kind()) {
            case FILE -> {
                final FileObject f = object(files, d);
                return new OpenFile.RegularFile(d.label(), f.cache(), f.pages(), new FilePosition(), d.flags(),
                    f.directIoAlignment(), f.dax());
            }
            case PIPE_READ, PIPE_WRITE -> {
                final PipeObject p = object(pipes, d);
                final boolean write = d.kind() == WorldSpec.Kind.PIPE_WRITE;
                return new OpenFile.PipeEnd(d.label(), p.ref(), p.id(), write,
                    (write ? OpenFlags.WRONLY : OpenFlags.RDONLY).withNonblock(p.nonblock()), p.notification());
            }
            case SOCKET_0, SOCKET_1 -> {
                final SocketPairObject s = object(socketPairs, d);
                final int end = d.kind() == WorldSpec.Kind.SOCKET_0 ? 0 : 1;
                return new OpenFile.SocketEnd(d.label(), s.ends().get(end), s.ends().get(1 - end), s.id(), end,
                    s.spec().kind(), OpenFlags.RDWR.withNonblock(s.spec().nonblock()));
            }
            case RELAY -> {
                return new OpenFile.RelayFile(d.label(), object(relays, d), OpenFlags.RDONLY);
            }
            default -> {
                return new OpenFile.Device(d.label(), d.flags(), d.kind().device());
            }
        }
    }

    private static <T> T object(final Map<String, T> objects, final WorldSpec.DescriptorSpec d) {
        final T o = objects.get(d.object());
        if (o == null) {
            throw new IllegalArgumentException("descriptor " + d.name() + ": no " + d.kind() + " object " + d.object());
        }
        return o;
    }

    /**
     * The name of {@code object}'s {@code kind} end in the spec being built (null when no descriptor opens
     * it): the first descriptor of that kind on that object, looked up in {@link #ends} (built once per
     * spec: a scan per object made a world of 20,000 private pipes take minutes to build).
     */
    private String end(final WorldSpec spec, final String object, final WorldSpec.Kind kind) {
        return ends.get(kind.name() + '\u0000' + object);
    }

    private static Map<String, String> ends(final WorldSpec spec) {
        final Map<String, String> out = new HashMap<>();
        for (final WorldSpec.DescriptorSpec d : spec.descriptors()) {
            out.putIfAbsent(d.kind().name() + '\u0000' + d.object(), d.name());
        }
        return out;
    }

    /** One address space for each process that has threads (others declared to share it), by the owner's name. */
    private Map<String, Object> sharedAddressSpaces(final WorldSpec spec) {
        final Map<String, Integer> threads = new HashMap<>();
        for (final WorldSpec.ProcessSpec p : spec.processes()) {
            if (p.sharesMemoryOf() != null) {
                threads.merge(p.sharesMemoryOf(), 1, Integer::sum);
            }
        }
        final Map<String, Object> out = new HashMap<>();
        for (final WorldSpec.ProcessSpec p : spec.processes()) {
            if (threads.containsKey(p.name())) {
                out.put(p.name(), ProcessActor.mapShared(kernel, p.regions(), threads.get(p.name()) + 1));
            }
        }
        return out;
    }

    private <T> ActorRef<T> spawn(final Behavior<T> behavior, final String name) {
        final ActorRef<T> ref = ctx.spawn(behavior, name);
        ctx.watch(ref);
        spawned++;
        return ref;
    }
}
