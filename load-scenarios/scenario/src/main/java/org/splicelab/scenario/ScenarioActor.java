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
import java.util.HashSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.splicelab.actors.Kernel;
import org.splicelab.actors.PipeActor;
import org.splicelab.actors.ProcessActor;
import org.splicelab.actors.SocketActor;
import org.splicelab.actors.WorldBuilder;
import org.splicelab.actors.WorldSpec;
import org.splicelab.protocols.SocketProtocol;
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
    private final WorldBuilder builder;
    private final ScenarioWorld world;
    private final Map<String, ActorRef<ProcessActor.Msg>> live = new LinkedHashMap<>();
    private final Map<String, Scenario.Role> roleOf = new HashMap<>();
    /** Processes killed (by process name) whose threads have not all exited yet. */
    private final Set<String> killed = new HashSet<>();
    /** Processes still in a call when the grace after the end was over (aborted), in name order. */
    private final List<String> blockedAtEnd = new ArrayList<>();
    /** The process each live thread belongs to (the same name for single-threaded processes). */
    private final Map<String, String> processOf = new HashMap<>();
    private final List<RunReport.Sample> timeline = new ArrayList<>();
    private final Map<String, Long> faults = new LinkedHashMap<>();
    /** When the processes were started (spawning many takes seconds: not part of the run). */
    private long started = System.nanoTime();
    private long lastTick = started;
    private long[] last = new long[5];
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
        this.builder = new WorldBuilder(kernel, ctx, ctx.messageAdapter(ProcessActor.Finished.class, Done::new));
        this.world = new ScenarioWorld(scenario, random);
        kernel.beginExecution();
        final List<ScenarioWorld.Instance> instances = new ArrayList<>();
        spawn(world.initial(instances), instances);
        started = System.nanoTime();
        lastTick = started;
        kernel.timingFrom(started + (long) (ScenarioRunner.rampSeconds(scenario) * 1e9));
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

    /** Spawns {@code spec} (the scenario's world, or a replacement process) and records its processes' threads. */
    private void spawn(final WorldSpec spec, final List<ScenarioWorld.Instance> instances) {
        final int before = builder.spawned();
        live.putAll(builder.build(spec));
        children += builder.spawned() - before;
        for (final ScenarioWorld.Instance i : instances) {
            for (final String thread : i.threads()) {
                roleOf.put(thread, i.role());
                processOf.put(thread, i.name());
            }
        }
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
                builder.pipe(fault.target()).tell(PipeActor.Restart.INSTANCE);
                faults.merge("pipe-restarts", 1L, Long::sum);
            }
            case RESET_SOCKET -> {
                for (final ActorRef<SocketProtocol.Command> end : builder.socketPair(fault.target())) {
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
                final List<ScenarioWorld.Instance> replacement = new ArrayList<>();
                spawn(world.another(role, replacement), replacement);
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
        result.complete(new ScenarioOutcome(seconds, timeline, kernel.latencies().merged(), statsAtEnd, s.bytesIn.sum(), s.bytesOut.sum(),
            s.discarded(), violations, kernel.audit().events(), leaked, faults, failure, operations(s.results()),
            interrupted, List.copyOf(blockedAtEnd)));
        return Behaviors.stopped();
    }
}
