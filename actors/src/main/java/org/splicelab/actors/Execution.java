package org.splicelab.actors;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.splicelab.memory.Violation;
import org.splicelab.protocols.FilePosition;
import org.splicelab.protocols.OpenFile;
import org.splicelab.protocols.OpenFlags;
import org.splicelab.protocols.PageCacheProtocol;
import org.splicelab.protocols.PipeProtocol;
import org.splicelab.protocols.Program;
import org.splicelab.protocols.SocketProtocol;
import org.splicelab.protocols.SyscallResult;

/**
 * One execution of a {@link WorldSpec} (call {@link Kernel#beginExecution} first): spawns the objects and processes as children, starts the
 * processes together, ends when every process exited or every remaining one is blocked (deadlock) or
 * the time limit passes, then stops every object (each releases its pages in PostStop), checks the
 * arena for leaked pages and replies an {@link ExecutionResult}.
 */
public final class Execution extends AbstractBehavior<Execution.Msg> {
    /** What an execution accepts. */
    public interface Msg {
    }

    private record ProcessDone(ProcessActor.Finished finished) implements Msg {
    }

    private enum Deadlocked implements Msg { INSTANCE }

    private enum TimedOut implements Msg { INSTANCE }

    private final Kernel kernel;
    private final Duration timeout;
    private final ActorRef<ExecutionResult> replyTo;
    private final List<ActorRef<ProcessActor.Msg>> processes = new ArrayList<>();
    private final Map<String, ProcessActor.Finished> finished = new LinkedHashMap<>();
    private int children;
    private boolean deadlock;
    private String failure;
    private boolean stopping;

    public static Behavior<Msg> create(final Kernel kernel, final WorldSpec spec, final Duration timeout,
                                       final ActorRef<ExecutionResult> replyTo) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
            new Execution(ctx, timers, kernel, spec, timeout, replyTo)));
    }

    private Execution(final ActorContext<Msg> ctx, final TimerScheduler<Msg> timers, final Kernel kernel,
                      final WorldSpec spec, final Duration timeout, final ActorRef<ExecutionResult> replyTo) {
        super(ctx);
        this.kernel = kernel;
        this.timeout = timeout;
        this.replyTo = replyTo;
        final ActorRef<Msg> self = ctx.getSelf();
        kernel.monitor(kernel.deadlockByQuiescence() ? BlockingMonitor.NONE
            : new CountingMonitor(spec.processes().size(), () -> self.tell(Deadlocked.INSTANCE)));
        final Map<String, OpenFile> descriptors = spawnWorld(spec);
        final ActorRef<ProcessActor.Finished> done = ctx.messageAdapter(ProcessActor.Finished.class, ProcessDone::new);
        final Map<String, Object> addressSpaces = sharedAddressSpaces(spec);
        for (final WorldSpec.ProcessSpec p : spec.processes()) {
            final Map<Integer, OpenFile> fds = new HashMap<>();
            p.fds().forEach((fd, name) -> fds.put(fd, descriptors.get(name)));
            final Program program = new Program(p.name(), fds, p.regions(), p.steps());
            final Object memory = addressSpaces.get(p.sharesMemoryOf() != null ? p.sharesMemoryOf() : p.name());
            final ActorRef<ProcessActor.Msg> ref = ctx.spawn(ProcessActor.create(kernel, program, done, memory),
                "proc-" + p.name());
            ctx.watch(ref);
            children++;
            processes.add(ref);
        }
        if (processes.isEmpty()) {
            ctx.getSelf().tell(TimedOut.INSTANCE);
        }
        processes.forEach(p -> p.tell(ProcessActor.Start.INSTANCE));
        timers.startSingleTimer(TimedOut.INSTANCE, timeout);
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

    private Map<String, OpenFile> spawnWorld(final WorldSpec spec) {
        final ActorContext<Msg> ctx = getContext();
        final Map<String, Integer> holders = new HashMap<>();
        for (final WorldSpec.ProcessSpec p : spec.processes()) {
            for (final String d : p.fds().values()) {
                holders.merge(d, 1, Integer::sum);
            }
        }
        final Map<String, OpenFile> out = new LinkedHashMap<>();
        for (final WorldSpec.FileSpec f : spec.files()) {
            final PageCacheFile file = new PageCacheFile(kernel, kernel.nextId(), f.data());
            final ActorRef<PageCacheProtocol.Command> cache =
                spawnObject(PageCacheActor.create(kernel, file), "file-" + f.name());
            for (final WorldSpec.DescriptorSpec d : spec.descriptors()) {
                if (d.kind() == WorldSpec.Kind.FILE && d.object().equals(f.name())) {
                    out.put(d.name(), new OpenFile.RegularFile(d.name(), cache, file.pages(), new FilePosition(),
                        d.flags(), f.fs() == null ? 1 : f.fs().directIoAlignment()));
                }
            }
        }
        for (final WorldSpec.PipeSpec p : spec.pipes()) {
            final int id = (int) kernel.nextId();
            final String r = endName(spec, p.name(), WorldSpec.Kind.PIPE_READ);
            final String w = endName(spec, p.name(), WorldSpec.Kind.PIPE_WRITE);
            final ActorRef<PipeProtocol.Command> pipe = spawnObject(PipeActor.create(kernel, id, p.slots(),
                holders.getOrDefault(r, 0), holders.getOrDefault(w, 0)), "pipe-" + p.name());
            final OpenFlags nb = OpenFlags.RDONLY.withNonblock(p.nonblock());
            out.put(r, new OpenFile.PipeEnd(r, pipe, id, false, nb));
            out.put(w, new OpenFile.PipeEnd(w, pipe, id, true, OpenFlags.WRONLY.withNonblock(p.nonblock())));
        }
        for (final WorldSpec.SocketPairSpec s : spec.socketPairs()) {
            final int id = (int) kernel.nextId();
            final String n0 = endName(spec, s.name(), WorldSpec.Kind.SOCKET_0);
            final String n1 = endName(spec, s.name(), WorldSpec.Kind.SOCKET_1);
            final ActorRef<SocketProtocol.Command> e0 = spawnObject(
                SocketActor.create(kernel, holders.getOrDefault(n0, 0), s.tcp()), "sock-" + s.name() + "-0");
            final ActorRef<SocketProtocol.Command> e1 = spawnObject(
                SocketActor.create(kernel, holders.getOrDefault(n1, 0), s.tcp()), "sock-" + s.name() + "-1");
            e0.tell(new SocketActor.Connect(e1));
            e1.tell(new SocketActor.Connect(e0));
            out.put(n0, new OpenFile.SocketEnd(n0, e0, e1, id, 0, s.tcp(), OpenFlags.RDWR));
            out.put(n1, new OpenFile.SocketEnd(n1, e1, e0, id, 1, s.tcp(), OpenFlags.RDWR));
        }
        return out;
    }

    private static String endName(final WorldSpec spec, final String object, final WorldSpec.Kind kind) {
        return spec.descriptors().stream().filter(d -> d.kind() == kind && d.object().equals(object))
            .map(WorldSpec.DescriptorSpec::name).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no " + kind + " descriptor for " + object));
    }

    private <T> ActorRef<T> spawnObject(final Behavior<T> behavior, final String name) {
        final ActorRef<T> ref = getContext().spawn(behavior, name);
        getContext().watch(ref);
        children++;
        return ref;
    }

    @Override
    public Receive<Msg> createReceive() {
        return newReceiveBuilder()
            .onMessage(ProcessDone.class, this::onProcessDone)
            .onMessageEquals(Deadlocked.INSTANCE, this::onDeadlocked)
            .onMessageEquals(TimedOut.INSTANCE, this::onTimedOut)
            .onSignal(Terminated.class, t -> onTerminated())
            .build();
    }

    private Behavior<Msg> onProcessDone(final ProcessDone d) {
        finished.put(d.finished().name(), d.finished());
        if (d.finished().failure() != null && failure == null) {
            failure = d.finished().name() + ": " + d.finished().failure();
        }
        if (finished.size() == processes.size()) {
            stopAll();
            // a child's Terminated (a system message) can overtake its Finished: all may be gone already
            return finishIfDone();
        }
        return this;
    }

    private Behavior<Msg> onDeadlocked() {
        if (!stopping && finished.size() < processes.size()) {
            deadlock = true;
            processes.forEach(p -> p.tell(ProcessActor.Abort.INSTANCE));
        }
        return this;
    }

    private Behavior<Msg> onTimedOut() {
        if (kernel.deadlockByQuiescence() && !processes.isEmpty()) {
            return onDeadlocked();
        }
        if (!stopping) {
            if (!processes.isEmpty()) {
                failure = "timed out after " + timeout.toMillis() + " ms";
                processes.forEach(p -> p.tell(ProcessActor.Abort.INSTANCE));
            } else {
                stopAll();
            }
        }
        return this;
    }

    private void stopAll() {
        stopping = true;
        getContext().getChildren().forEach(c -> getContext().stop(c));
    }

    private Behavior<Msg> onTerminated() {
        children--;
        return finishIfDone();
    }

    private Behavior<Msg> finishIfDone() {
        if (children > 0 || !stopping) {
            return this;
        }
        final int leaked = kernel.arena().reportLeaks();
        final Set<Violation> violations = EnumSet.noneOf(Violation.class);
        kernel.audit().counts().forEach((v, n) -> {
            if (n > 0) {
                violations.add(v);
            }
        });
        final Map<String, SyscallResult> registers = new LinkedHashMap<>();
        final List<ProcessActor.TraceLine> trace = new ArrayList<>();
        for (final ProcessActor.Finished f : finished.values()) {
            registers.putAll(f.registers());
            trace.addAll(f.trace());
        }
        kernel.arena().reclaimAllQuiescent();
        kernel.vectors().reclaimAllQuiescent();
        replyTo.tell(new ExecutionResult(registers, deadlock, failure, violations, kernel.audit().events(), trace,
            leaked, kernel.stats().snapshot()));
        return Behaviors.stopped();
    }
}
