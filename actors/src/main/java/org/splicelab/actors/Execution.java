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
 * One execution of a {@link WorldSpec} (call {@link Kernel#beginExecution} first): spawns the objects and processes as children
 * ({@link WorldBuilder}), starts the
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
        final WorldBuilder world = new WorldBuilder(kernel, ctx,
            ctx.messageAdapter(ProcessActor.Finished.class, ProcessDone::new));
        try {
            processes.addAll(world.build(spec).values());
        } catch (PageCacheFile.OutOfFrames e) {
            // the world does not fit: no process runs, the execution fails at once with the reason
            failure = e.getMessage();
            children += world.spawned();
            ctx.getSelf().tell(TimedOut.INSTANCE);
            return;
        }
        children += world.spawned();
        if (processes.isEmpty()) {
            ctx.getSelf().tell(TimedOut.INSTANCE);
        }
        processes.forEach(p -> p.tell(ProcessActor.Start.INSTANCE));
        timers.startSingleTimer(TimedOut.INSTANCE, timeout);
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
                return finishIfDone();
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
