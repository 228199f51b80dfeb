package org.splicelab.scenario;

import akka.actor.typed.Behavior;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.splicelab.actors.Kernel;

/**
 * The scenario engine as a behaviour to spawn under another actor (the race hunter's run,
 * {@code org.splicelab.hunt.ScenarioTarget}), rather than as the guardian of its own actor system
 * ({@link ScenarioRunner}). The actor is the one {@link ScenarioRunner} runs: it completes
 * {@code result} (on the thread of its last step) just before it stops, after every process and object
 * it spawned has stopped and the arena has been checked for leaks; when the scenario cannot start it
 * completes {@code result} exceptionally and stops.
 */
public final class ScenarioBehaviors {
    private ScenarioBehaviors() {
    }

    /**
     * The actor that runs {@code scenario} on {@code kernel} and completes {@code result} when it stops;
     * at the end (its duration), processes still in a call get 2 s to finish it, as in a load run.
     */
    public static Behavior<?> scenario(final Kernel kernel, final Scenario scenario,
                                       final CompletableFuture<ScenarioOutcome> result) {
        return ScenarioActor.create(kernel, scenario, result);
    }

    /** The same with another grace period for the processes still in a call at the end. */
    public static Behavior<?> scenario(final Kernel kernel, final Scenario scenario,
                                       final CompletableFuture<ScenarioOutcome> result, final Duration grace) {
        return ScenarioActor.create(kernel, scenario, result, grace);
    }
}
