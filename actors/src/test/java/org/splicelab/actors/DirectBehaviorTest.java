package org.splicelab.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.Signal;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class DirectBehaviorTest {
    static final ActorTestKit testKit = ActorTestKit.create();

    @AfterAll
    static void tearDown() {
        testKit.shutdownTestKit();
    }

    /** Counts Integers, answers "count" with the total, stops on "stop", leaves anything else unhandled. */
    private static final class Counter extends DirectBehavior<Object> {
        private final ActorRef<String> report;
        private int total;

        Counter(final ActorContext<Object> ctx, final ActorRef<String> report) {
            super(ctx);
            this.report = report;
        }

        @Override
        protected Behavior<Object> onMessage(final Object m) {
            if (m instanceof Integer n) {
                total += n;
                return this;
            }
            if ("count".equals(m)) {
                report.tell("total " + total);
                return this;
            }
            if ("stop".equals(m)) {
                return Behaviors.stopped();
            }
            return Behaviors.unhandled();
        }

        @Override
        protected Behavior<Object> onSignal(final Signal signal) {
            if (signal instanceof PostStop) {
                report.tell("stopped at " + total);
            }
            return this;
        }
    }

    @Test
    void shouldTurnThisIntoSameAndKeepUnhandledAsUnhandled() throws Exception {
        final TestProbe<String> probe = testKit.createTestProbe();
        final Counter c = new Counter(null, probe.getRef());
        assertSame(Behaviors.same(), c.receive(null, 3));
        assertSame(Behaviors.unhandled(), c.receive(null, 2.5));
        assertSame(Behaviors.same(), c.receiveSignal(null, PostStop.instance()));
        assertEquals("stopped at 3", probe.receiveMessage());
    }

    @Test
    void shouldKeepItsStateUnderASupervisorAndSeeItsSignals() {
        final TestProbe<String> probe = testKit.createTestProbe();
        final ActorRef<Object> ref = testKit.spawn(Behaviors.supervise(Behaviors.<Object>setup(ctx ->
            new Counter(ctx, probe.getRef()))).onFailure(SupervisorStrategy.restart()));
        for (int i = 1; i <= 100; i++) {
            ref.tell(i);
        }
        ref.tell(1.5);   // unhandled: dropped, the actor goes on
        ref.tell("count");
        assertEquals("total 5050", probe.receiveMessage());
        ref.tell("stop");
        assertEquals("stopped at 5050", probe.receiveMessage());
        probe.expectTerminated(ref);
    }
}
