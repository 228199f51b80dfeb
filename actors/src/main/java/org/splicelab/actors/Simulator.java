package org.splicelab.actors;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One actor system on the real multi-threaded dispatcher (the stress runtime), reused for many
 * executions: each {@link #run} spawns a fresh {@link Execution} subtree and waits for its result.
 * {@link AutoCloseable}: terminates the system.
 */
public final class Simulator implements AutoCloseable {
    private final ActorSystem<Run> system;
    private final AtomicLong executions = new AtomicLong();

    /** Spawn an execution. */
    public record Run(Kernel kernel, WorldSpec spec, Duration timeout, ActorRef<ExecutionResult> replyTo) {
    }

    public Simulator() {
        this(ConfigFactory.load());
    }

    public Simulator(final Config config) {
        final Config c = ConfigFactory.parseString(
            "akka.jvm-shutdown-hooks = off\n"
                + "akka.coordinated-shutdown.run-by-jvm-shutdown-hook = off\n"
                + "akka.log-dead-letters = 0\n"
                + "akka.log-dead-letters-during-shutdown = off\n"
                + "akka.loglevel = WARNING\n"
                + "akka.stdout-loglevel = OFF\n"
                // FIFO thread pool: fork-join workers running each other's local work forever starve
                // timer and deadlock messages submitted from outside (see ScenarioRunner)
                + FifoExecutorConfigurator.dispatcherConfig(Math.max(2, Runtime.getRuntime().availableProcessors()), 64))
            .withFallback(config);
        final AtomicLong names = executions;
        final Behavior<Run> guardian = Behaviors.receive((ctx, run) -> {
            ctx.spawn(Execution.create(run.kernel(), run.spec(), run.timeout(), run.replyTo()),
                "exec-" + names.incrementAndGet());
            return Behaviors.same();
        });
        this.system = ActorSystem.create(guardian, "splicelab", c);
    }

    /** Runs one execution to its end and returns how it ended. */
    public ExecutionResult run(final Kernel kernel, final WorldSpec spec, final Duration timeout) {
        final Duration wait = timeout.plusSeconds(30);
        try {
            return AskPattern.<Run, ExecutionResult>ask(system, replyTo -> new Run(kernel, spec, timeout, replyTo), wait,
                system.scheduler()).toCompletableFuture().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an execution", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("an execution did not report within " + wait.toSeconds() + " s", e);
        }
    }

    @Override
    public void close() {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("actor system did not terminate", e);
        }
    }
}
