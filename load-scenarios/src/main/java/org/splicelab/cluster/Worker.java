package org.splicelab.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One worker slot: registers with the Receptionist, runs the ranges the coordinator sends it one at a
 * time on a thread of its own (a range runs for seconds: never on the actor's dispatcher), and answers
 * each with {@link Coordinator.Done}. Ranges that arrive while one runs wait their turn.
 */
public final class Worker extends AbstractBehavior<Worker.Command> {
    /** The key the workers register under. */
    public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "splicelab-worker");

    public interface Command {
    }

    /** Run {@code range} of {@code job}, then tell {@code replyTo}. */
    public record Run(String job, Work.Range range, ActorRef<Coordinator.Command> replyTo)
        implements Command, ClusterMessage {
    }

    /** End {@code index} of {@code job} between two schedules (or drop it if it has not started). */
    public record Stop(String job, int index, String why) implements Command, ClusterMessage {
    }

    private record Ran(Run run, Work.RangeResult result) implements Command {
    }

    private final ArrayDeque<Run> waiting = new ArrayDeque<>();
    private final ExecutorService thread;
    private final RangeRunner runner;
    private final AtomicReference<String> stop = new AtomicReference<>();
    private Run running;

    public static Behavior<Command> create(final String node, final int slot) {
        return Behaviors.setup(ctx -> new Worker(ctx, node, slot));
    }

    private Worker(final ActorContext<Command> ctx, final String node, final int slot) {
        super(ctx);
        this.runner = new RangeRunner(node);
        this.thread = Executors.newSingleThreadExecutor(r -> {
            final Thread t = new Thread(r, "splicelab-worker-" + slot);
            t.setDaemon(true);
            return t;
        });
        ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
            .onMessage(Run.class, this::onRun)
            .onMessage(Stop.class, this::onStop)
            .onMessage(Ran.class, this::onRan)
            .onSignal(PostStop.class, s -> {
                stop.set("the worker stopped");
                thread.execute(runner::close);
                thread.shutdown();
                return this;
            })
            .build();
    }

    private Behavior<Command> onRun(final Run r) {
        waiting.add(r);
        startNext();
        return this;
    }

    private Behavior<Command> onStop(final Stop s) {
        if (running != null && running.job().equals(s.job()) && running.range().index() == s.index()) {
            stop.set(s.why());
            return this;
        }
        for (final Run r : waiting) {
            if (r.job().equals(s.job()) && r.range().index() == s.index()) {
                waiting.remove(r);
                r.replyTo().tell(new Coordinator.Done(r.job(), Work.RangeResult.notRun(s.index(), s.why()),
                    getContext().getSelf()));
                break;
            }
        }
        return this;
    }

    private Behavior<Command> onRan(final Ran r) {
        r.run().replyTo().tell(new Coordinator.Done(r.run().job(), r.result(), getContext().getSelf()));
        running = null;
        startNext();
        return this;
    }

    private void startNext() {
        if (running != null || waiting.isEmpty()) {
            return;
        }
        final Run r = waiting.poll();
        running = r;
        stop.set(null);
        getContext().pipeToSelf(CompletableFuture.supplyAsync(() -> runner.run(r.range(), stop::get), thread),
            (result, failure) -> new Ran(r, result != null ? result : Work.RangeResult.failed(r.range().index(),
                "", "the worker's thread failed: " + failure, 0)));
    }
}
