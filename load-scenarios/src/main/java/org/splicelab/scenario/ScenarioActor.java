package org.splicelab.scenario;

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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.HdrHistogram.Histogram;
import org.splicelab.actors.Kernel;
import org.splicelab.actors.PageCacheActor;
import org.splicelab.actors.PageCacheFile;
import org.splicelab.memory.PageCache;
import org.splicelab.protocols.FilePosition;
import org.splicelab.actors.PipeActor;
import org.splicelab.actors.ProcessActor;
import org.splicelab.actors.SocketActor;
import org.splicelab.protocols.OpenFile;
import org.splicelab.protocols.OpenFlags;
import org.splicelab.protocols.PageCacheProtocol;
import org.splicelab.protocols.PipeProtocol;
import org.splicelab.protocols.Program;
import org.splicelab.protocols.SocketProtocol;
import org.splicelab.protocols.Syscall;
import org.splicelab.report.RunReport;

/**
 * Runs one scenario: spawns the shared objects, then each role's processes (each with its private
 * objects), samples the kernel's figures every interval, injects the faults, and at the end (duration
 * or every process done) stops every process and object, checks for leaks and completes the future.
 *
 * <pre>
 *   ScenarioActor ──spawns──> PageCacheActor per file, PipeActor / SocketActor pairs (shared)
 *        │                    └─ per process: ProcessActor + its private pipes and socket pairs
 *        └─ timers: sample tick, end of run, one timer per fault
 * </pre>
 */
final class ScenarioActor extends AbstractBehavior<ScenarioActor.Msg> {
    interface Msg {
    }

    private enum Tick implements Msg { INSTANCE }

    private enum End implements Msg { INSTANCE }

    /** The grace period after End is over: processes still blocked are aborted. */
    private enum GraceOver implements Msg { INSTANCE }

    private record FaultTick(int index) implements Msg {
    }

    private record Done(ProcessActor.Finished finished) implements Msg {
    }

    /** End now, as at the end of the duration, and say why (a signal: "SIGTERM"). */
    record Interrupt(String why) implements Msg {
    }

    private final Kernel kernel;
    private final Scenario scenario;
    private final CompletableFuture<ScenarioOutcome> result;
    private final TimerScheduler<Msg> timers;
    /** How long processes still in a call at the end may take before they are aborted. */
    private final Duration grace;
    private final SplittableRandom random;
    private final ActorRef<ProcessActor.Finished> done;
    private final Map<String, ActorRef<PageCacheProtocol.Command>> files = new HashMap<>();
    private final Map<String, PageCache> filePages = new HashMap<>();
    private final Map<String, ActorRef<PipeProtocol.Command>> sharedPipes = new HashMap<>();
    private final Map<String, Integer> pipeIds = new HashMap<>();
    private final Map<String, ActorRef<SocketProtocol.Command>[]> sharedSockets = new HashMap<>();
    private final Map<String, ActorRef<ProcessActor.Msg>> live = new LinkedHashMap<>();
    private final Map<String, Scenario.Role> roleOf = new HashMap<>();
    /** Processes killed (by process name) whose threads have not all exited yet. */
    private final Set<String> killed = new HashSet<>();
    /** Processes still in a call when the grace after the end was over (aborted), in name order. */
    private final List<String> blockedAtEnd = new ArrayList<>();
    /** The process each live thread belongs to (the same name for single-threaded processes). */
    private final Map<String, String> processOf = new HashMap<>();
    private final Map<String, Histogram> latencies = new TreeMap<>();
    private final List<RunReport.Sample> timeline = new ArrayList<>();
    private final Map<String, Long> faults = new LinkedHashMap<>();
    /** When the processes were started (spawning many takes seconds: not part of the run). */
    private long started = System.nanoTime();
    private long lastTick = started;
    private long[] last = new long[5];
    private int nextInstance;
    private int children;
    private boolean ending;
    private String failure;
    private double seconds;
    private Map<String, Long> statsAtEnd;
    private String interrupted;

    static Behavior<Msg> create(final Kernel kernel, final Scenario scenario,
                                final CompletableFuture<ScenarioOutcome> result) {
        return create(kernel, scenario, result, Duration.ofSeconds(2));
    }

    /** @param grace after the end, how long calls in progress may take before their processes are aborted */
    static Behavior<Msg> create(final Kernel kernel, final Scenario scenario,
                                final CompletableFuture<ScenarioOutcome> result, final Duration grace) {
        return create(kernel, scenario, result, grace, t -> { });
    }

    /** @param onStart told the {@link System#nanoTime()} at which the processes started (the run's clock) */
    static Behavior<Msg> create(final Kernel kernel, final Scenario scenario,
                                final CompletableFuture<ScenarioOutcome> result, final Duration grace,
                                final java.util.function.LongConsumer onStart) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(t -> {
            try {
                return new ScenarioActor(ctx, t, kernel, scenario, result, grace, onStart);
            } catch (RuntimeException e) {
                result.completeExceptionally(e); // e.g. a pipe size the kernel would refuse
                return Behaviors.stopped();
            }
        }));
    }

    private ScenarioActor(final ActorContext<Msg> ctx, final TimerScheduler<Msg> timers, final Kernel kernel,
                          final Scenario scenario, final CompletableFuture<ScenarioOutcome> result,
                          final Duration grace, final java.util.function.LongConsumer onStart) {
        super(ctx);
        this.kernel = kernel;
        this.scenario = scenario;
        this.result = result;
        this.timers = timers;
        this.grace = grace;
        this.random = new SplittableRandom(scenario.seed());
        this.done = ctx.messageAdapter(ProcessActor.Finished.class, Done::new);
        kernel.beginExecution();
        spawnShared();
        for (final Scenario.Role role : scenario.roles()) {
            for (int i = 0; i < role.count(); i++) {
                spawnProcess(role);
            }
        }
        started = System.nanoTime();
        lastTick = started;
        onStart.accept(started);
        live.values().forEach(p -> p.tell(ProcessActor.Start.INSTANCE));
        timers.startTimerAtFixedRate(Tick.INSTANCE, scenario.sampleInterval());
        if (scenario.duration() != null) {
            timers.startSingleTimer(End.INSTANCE, scenario.duration());
        }
        for (int i = 0; i < scenario.faults().size(); i++) {
            scheduleFault(i);
        }
    }

    // ------------------------------------------------------------------ the world

    private void spawnShared() {
        for (final Scenario.FileDef f : scenario.files().values()) {
            final PageCacheFile file = new PageCacheFile(kernel, kernel.nextId(), contents(f));
            filePages.put(f.name(), file.pages());
            files.put(f.name(), watch(getContext().spawn(PageCacheActor.create(kernel, file), "file-" + f.name())));
        }
        for (final Scenario.PipeDef p : scenario.pipes().values()) {
            final int id = (int) kernel.nextId();
            pipeIds.put(p.name(), id);
            sharedPipes.put(p.name(), watch(getContext().spawn(PipeActor.create(kernel, id, slots(p),
                holders(p.name() + ".r"), holders(p.name() + ".w")), "pipe-" + p.name())));
        }
        for (final Scenario.SocketDef s : scenario.sockets().values()) {
            sharedSockets.put(s.name(), socketPair(s, "sock-" + s.name(), holders(s.name() + ".0"),
                holders(s.name() + ".1")));
        }
    }

    @SuppressWarnings("unchecked")
    private ActorRef<SocketProtocol.Command>[] socketPair(final Scenario.SocketDef s, final String name, final int h0,
                                                         final int h1) {
        final ActorRef<SocketProtocol.Command> e0 = watch(getContext().spawn(SocketActor.create(kernel, h0, s.tcp()),
            name + "-0"));
        final ActorRef<SocketProtocol.Command> e1 = watch(getContext().spawn(SocketActor.create(kernel, h1, s.tcp()),
            name + "-1"));
        e0.tell(new SocketActor.Connect(e1));
        e1.tell(new SocketActor.Connect(e0));
        return new ActorRef[] {e0, e1};
    }

    private <T> ActorRef<T> watch(final ActorRef<T> ref) {
        getContext().watch(ref);
        children++;
        return ref;
    }

    /** Processes that hold a shared descriptor: every process of every role whose loop names it. */
    private int holders(final String descriptor) {
        int n = 0;
        for (final Scenario.Role r : scenario.roles()) {
            if (!r.pipes().containsKey(object(descriptor)) && !r.sockets().containsKey(object(descriptor))
                && descriptors(r).contains(descriptor)) {
                n += r.count() * r.threads();
            }
        }
        return n;
    }

    private static String object(final String descriptor) {
        if (descriptor.equals(ScenarioParser.NULL_DEVICE)) {
            return descriptor;
        }
        final int dot = descriptor.lastIndexOf('.');
        return dot < 0 ? descriptor : descriptor.substring(0, dot);
    }

    private static Set<String> descriptors(final Scenario.Role r) {
        return new java.util.LinkedHashSet<>(r.fds());
    }

    private static int slots(final Scenario.PipeDef p) {
        final int slots = PipeActor.slotsFor(p.size());
        if (slots < 0) {
            throw new ScenarioException("pipe " + p.name() + ": size " + p.size() + " is not a size F_SETPIPE_SZ "
                + "accepts for an unprivileged process (at most 1 MiB)");
        }
        return slots;
    }

    private static byte[] contents(final Scenario.FileDef f) {
        final byte[] data = new byte[Math.toIntExact(f.size())];
        if (f.fill().isEmpty()) {
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) ('a' + (i / 4096 + i) % 26);
            }
        } else {
            java.util.Arrays.fill(data, (byte) f.fill().charAt(0));
        }
        return data;
    }

    private void spawnProcess(final Scenario.Role role) {
        final String name = role.name() + "-" + nextInstance++;
        final int threads = role.threads();
        final Map<String, ActorRef<PipeProtocol.Command>> pipes = new HashMap<>();
        final Map<String, Integer> ids = new HashMap<>(pipeIds);
        final Set<String> used = descriptors(role);
        for (final Scenario.PipeDef p : role.pipes().values()) {
            final int id = (int) kernel.nextId();
            ids.put(p.name(), id);
            pipes.put(p.name(), watch(getContext().spawn(PipeActor.create(kernel, id, slots(p),
                used.contains(p.name() + ".r") ? threads : 0, used.contains(p.name() + ".w") ? threads : 0),
                name + "-pipe-" + p.name())));
        }
        final Map<String, ActorRef<SocketProtocol.Command>[]> sockets = new HashMap<>();
        for (final Scenario.SocketDef s : role.sockets().values()) {
            sockets.put(s.name(), socketPair(s, name + "-sock-" + s.name(), used.contains(s.name() + ".0") ? threads : 0,
                used.contains(s.name() + ".1") ? threads : 0));
        }
        final Map<Integer, OpenFile> fds = new HashMap<>();
        int fd = Scenario.Role.FIRST_FD;
        for (final String d : used) {
            fds.put(fd++, open(d, role, pipes, ids, sockets));
        }
        final List<Program.Region> regions = new ArrayList<>();
        for (final Scenario.MemDef m : role.memory().values()) {
            regions.add(new Program.Region(m.name(), m.size(), m.fill()));
        }
        final List<Program.Choice> body = new ArrayList<>();
        for (final List<Scenario.Op> choice : role.loop()) {
            final List<Program.Template> templates = new ArrayList<>();
            final int[] weights = new int[choice.size()];
            for (int i = 0; i < choice.size(); i++) {
                templates.add(template(choice.get(i)));
                weights[i] = choice.get(i).weight();
            }
            body.add(new Program.Choice(templates, weights));
        }
        final Program.Loop loop = new Program.Loop(body, scenario.iterations(), role.thinkTime().toNanos(), role.rate());
        // threads: clone(CLONE_VM) siblings, one address space, each with a copy of the fd table
        final Object memory = threads > 1 ? ProcessActor.mapShared(kernel, regions, threads) : null;
        for (int t = 0; t < threads; t++) {
            final String thread = threads == 1 ? name : name + ".t" + t;
            final Program program = new Program(thread, fds, regions, List.of(loop), random.nextLong(), false);
            final ActorRef<ProcessActor.Msg> ref = watch(getContext().spawn(
                ProcessActor.create(kernel, program, done, memory), "proc-" + thread));
            live.put(thread, ref);
            roleOf.put(thread, role);
            processOf.put(thread, name);
        }
    }

    private OpenFile open(final String d, final Scenario.Role role, final Map<String, ActorRef<PipeProtocol.Command>> pipes,
                          final Map<String, Integer> ids, final Map<String, ActorRef<SocketProtocol.Command>[]> sockets) {
        if (files.containsKey(d)) {
            return new OpenFile.RegularFile(d, files.get(d), filePages.get(d), new FilePosition(), OpenFlags.RDWR);
        }
        if (d.equals(ScenarioParser.NULL_DEVICE)) {
            return new OpenFile.NullDevice(d, OpenFlags.RDWR);
        }
        final String obj = object(d);
        final String end = d.substring(obj.length() + 1);
        if (end.equals("r") || end.equals("w")) {
            final boolean own = role.pipes().containsKey(obj);
            final Scenario.PipeDef def = own ? role.pipes().get(obj) : scenario.pipes().get(obj);
            final ActorRef<PipeProtocol.Command> ref = own ? pipes.get(obj) : sharedPipes.get(obj);
            final OpenFlags flags = (end.equals("w") ? OpenFlags.WRONLY : OpenFlags.RDONLY).withNonblock(def.nonblock());
            return new OpenFile.PipeEnd(d, ref, ids.get(obj), end.equals("w"), flags);
        }
        final boolean own = role.sockets().containsKey(obj);
        final Scenario.SocketDef def = own ? role.sockets().get(obj) : scenario.sockets().get(obj);
        final ActorRef<SocketProtocol.Command>[] pair = own ? sockets.get(obj) : sharedSockets.get(obj);
        final int e = end.equals("0") ? 0 : 1;
        return new OpenFile.SocketEnd(d, pair[e], pair[1 - e], obj.hashCode(), e, def.tcp(),
            OpenFlags.RDWR.withNonblock(def.nonblock()));
    }

    private static Program.Template template(final Scenario.Op op) {
        return new Program.Template() {
            @Override
            public Syscall make(final SplittableRandom r) {
                return op.make(r);
            }

            @Override
            public String source() {
                return op.source();
            }
        };
    }

    // ------------------------------------------------------------------ messages

    @Override
    public Receive<Msg> createReceive() {
        return newReceiveBuilder()
            .onMessageEquals(Tick.INSTANCE, this::onTick)
            .onMessageEquals(End.INSTANCE, this::onEnd)
            .onMessage(Interrupt.class, this::onInterrupt)
            .onMessageEquals(GraceOver.INSTANCE, this::onGraceOver)
            .onMessage(FaultTick.class, this::onFault)
            .onMessage(Done.class, this::onDone)
            .onSignal(Terminated.class, t -> onTerminated())
            .build();
    }

    private Behavior<Msg> onTick() {
        sample();
        return this;
    }

    private void sample() {
        final long now = System.nanoTime();
        final var s = kernel.stats();
        final long[] cur = {s.syscalls.sum(), s.bytesByReference.sum(), s.bytesCopied.sum(), s.pagesByReference.sum(),
            s.pagesCopied.sum()};
        if (now - lastTick > 1_000_000) {
            timeline.add(new RunReport.Sample((now - started) / 1e9, cur[0] - last[0], cur[1] - last[1],
                cur[2] - last[2], cur[3] - last[3], cur[4] - last[4]));
        }
        last = cur;
        lastTick = now;
    }

    private void scheduleFault(final int index) {
        final Duration every = scenario.faults().get(index).every();
        final long jitter = every.toNanos() / 2 > 0 ? random.nextLong(every.toNanos() / 2 + 1) : 0;
        timers.startSingleTimer(new FaultTick(index), every.plusNanos(jitter - every.toNanos() / 4));
    }

    private Behavior<Msg> onFault(final FaultTick f) {
        if (ending) {
            return this;
        }
        final Scenario.Fault fault = scenario.faults().get(f.index());
        switch (fault.kind()) {
            case KILL_PROCESS -> {
                final List<String> candidates = live.keySet().stream()
                    .filter(n -> roleOf.get(n).name().equals(fault.target()) && !killed.contains(processOf.get(n)))
                    .map(processOf::get).distinct().toList();
                if (!candidates.isEmpty()) {
                    final String victim = candidates.get(random.nextInt(candidates.size()));
                    killed.add(victim);
                    live.forEach((thread, ref) -> {
                        if (processOf.get(thread).equals(victim)) {
                            ref.tell(ProcessActor.Kill.INSTANCE);   // SIGKILL ends every thread
                        }
                    });
                    faults.merge("processes-killed", 1L, Long::sum);
                }
            }
            case RESTART_PIPE -> {
                sharedPipes.get(fault.target()).tell(PipeActor.Restart.INSTANCE);
                faults.merge("pipe-restarts", 1L, Long::sum);
            }
            case RESET_SOCKET -> {
                for (final ActorRef<SocketProtocol.Command> end : sharedSockets.get(fault.target())) {
                    end.tell(SocketActor.Reset.INSTANCE);
                }
                faults.merge("socket-resets", 1L, Long::sum);
            }
        }
        scheduleFault(f.index());
        return this;
    }

    private Behavior<Msg> onDone(final Done d) {
        final ProcessActor.Finished f = d.finished();
        d.finished().latencies().forEach((k, h) -> latencies.computeIfAbsent(k, x -> new Histogram(3)).add(h));
        if (f.failure() != null && failure == null) {
            failure = f.name() + ": " + f.failure();
        }
        final Scenario.Role role = roleOf.get(f.name());
        live.remove(f.name());
        final String process = processOf.remove(f.name());
        if (process != null && killed.contains(process) && !processOf.containsValue(process)) {
            killed.remove(process);
            if (!ending) {
                final java.util.Set<String> before = new java.util.HashSet<>(live.keySet());
                spawnProcess(role);
                live.forEach((thread, ref) -> {
                    if (!before.contains(thread)) {
                        ref.tell(ProcessActor.Start.INSTANCE);
                    }
                });
                return this;
            }
        }
        if (live.isEmpty()) {
            return stopEverything();
        }
        return this;
    }

    private Behavior<Msg> onEnd() {
        if (!ending) {
            ending = true;
            sample();
            seconds = (System.nanoTime() - started) / 1e9;
            statsAtEnd = kernel.stats().snapshot();
            if (live.isEmpty()) {
                return stopEverything();
            }
            // finish gracefully: calls in progress complete, so no page reference is left in flight
            live.values().forEach(p -> p.tell(ProcessActor.Finish.INSTANCE));
            timers.startSingleTimer(GraceOver.INSTANCE, grace);
        }
        return this;
    }

    private Behavior<Msg> onInterrupt(final Interrupt i) {
        if (!ending) {
            interrupted = i.why();
        }
        return onEnd();
    }

    /** Processes still blocked in a call (parked: no reference in flight) are aborted. */
    private Behavior<Msg> onGraceOver() {
        blockedAtEnd.addAll(new java.util.TreeSet<>(live.keySet()));
        live.values().forEach(p -> p.tell(ProcessActor.Abort.INSTANCE));
        return this;
    }

    private Behavior<Msg> stopEverything() {
        if (!ending) {
            ending = true;
            sample();
            seconds = (System.nanoTime() - started) / 1e9;
            statsAtEnd = kernel.stats().snapshot();
        }
        timers.cancelAll();
        timeline.removeIf(x -> x.t() > seconds + 1e-3);
        getContext().getChildren().forEach(c -> getContext().stop(c));
        if (children == 0) {
            return finish();
        }
        return this;
    }

    private Behavior<Msg> onTerminated() {
        children--;
        if (ending && live.isEmpty() && children == 0) {
            return finish();
        }
        if (ending && live.isEmpty()) {
            getContext().getChildren().forEach(c -> getContext().stop(c));
        }
        return this;
    }

    /** The processes' per-loop-element counts, in the scenario's order. */
    private List<RunReport.OpResult> operations(final Map<String, long[]> counts) {
        final List<RunReport.OpResult> out = new ArrayList<>();
        final Set<String> seen = new HashSet<>();
        final org.splicelab.protocols.Errno[] errnos = org.splicelab.protocols.Errno.values();
        for (final Scenario.Role role : scenario.roles()) {
            for (final List<Scenario.Op> choice : role.loop()) {
                for (final Scenario.Op op : choice) {
                    final long[] c = counts.get(op.source());
                    if (c == null || !seen.add(op.source())) {
                        continue;
                    }
                    final Map<String, Long> failed = new LinkedHashMap<>();
                    for (int e = 0; e < errnos.length && e + 1 < c.length; e++) {
                        if (c[e + 1] > 0) {
                            failed.put(errnos[e].name(), c[e + 1]);
                        }
                    }
                    out.add(new RunReport.OpResult(op.source(), op.op(), c[0], failed));
                }
            }
        }
        return out;
    }

    private Behavior<Msg> finish() {
        final int leaked = kernel.arena().reportLeaks();
        final Map<String, Long> violations = new LinkedHashMap<>();
        kernel.audit().counts().forEach((v, n) -> violations.put(v.id(), n));
        final var s = kernel.stats();
        result.complete(new ScenarioOutcome(seconds, timeline, latencies, statsAtEnd, s.bytesIn.sum(), s.bytesOut.sum(),
            s.discarded(), violations, kernel.audit().events(), leaked, faults, failure, operations(s.results()),
            interrupted, List.copyOf(blockedAtEnd)));
        return Behaviors.stopped();
    }
}
