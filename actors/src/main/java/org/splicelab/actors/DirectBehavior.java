package org.splicelab.actors;

import akka.actor.typed.Behavior;
import akka.actor.typed.ExtensibleBehavior;
import akka.actor.typed.Signal;
import akka.actor.typed.TypedActorContext;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;

/**
 * The behaviour of a kernel object's actor as one object whose messages are dispatched by its own
 * {@code instanceof} chain over its sealed protocol: nothing allocated per message. Akka's extension point
 * for custom behaviours ({@link ExtensibleBehavior}) instead of {@code AbstractBehavior}'s receive builder,
 * which allocates for every matcher it tries on every message (a pipe's requests were the seventh); and
 * returning {@code this} is turned into {@link Behaviors#same()}, which a supervisor's interceptor keeps
 * as it is (it re-wraps any other behaviour: four objects per message). See docs/benchmarks.md.
 *
 * @param <T> the actor's protocol
 */
public abstract class DirectBehavior<T> extends ExtensibleBehavior<T> {
    private final ActorContext<T> context;

    protected DirectBehavior(final ActorContext<T> context) {
        this.context = context;
    }

    protected final ActorContext<T> getContext() {
        return context;
    }

    /** Handles one message; {@code this} or {@link Behaviors#same()} to go on, {@link Behaviors#unhandled()}. */
    protected abstract Behavior<T> onMessage(T message) throws Exception;

    /** Handles a lifecycle signal; unhandled unless overridden. */
    protected Behavior<T> onSignal(final Signal signal) throws Exception {
        return Behaviors.unhandled();
    }

    @Override
    public final Behavior<T> receive(final TypedActorContext<T> ctx, final T message) throws Exception {
        return same(onMessage(message));
    }

    @Override
    public final Behavior<T> receiveSignal(final TypedActorContext<T> ctx, final Signal signal) throws Exception {
        return same(onSignal(signal));
    }

    private Behavior<T> same(final Behavior<T> next) {
        return next == this ? Behaviors.same() : next;
    }
}
