package org.splicelab.actors.deterministic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DeterministicRuntimeTest {
    private static DeterministicRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = new DeterministicRuntime();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    /** Two senders, two messages each, to one collector that reports the order it saw. */
    private static Function<ActorRef<String>, Behavior<?>> twoSenders() {
        return done -> Behaviors.<String>setup(ctx -> {
            final List<String> seen = new ArrayList<>();
            final ActorRef<String> collector = ctx.spawn(Behaviors.<String>receiveMessage(m -> {
                seen.add(m);
                if (seen.size() == 4) {
                    done.tell(String.join(",", seen));
                }
                return Behaviors.same();
            }), "collector");
            for (final String s : List.of("a", "b")) {
                final ActorRef<String> sender = ctx.spawn(Behaviors.<String>receiveMessage(m -> {
                    collector.tell(s + "1");
                    collector.tell(s + "2");
                    return Behaviors.same();
                }), "sender-" + s);
                sender.tell("go");
            }
            return Behaviors.empty();
        });
    }

    @Test
    void shouldReachEveryDeliveryOrderAkkaAllowsWithRandomChoices() {
        final Set<String> orders = new HashSet<>();
        for (long seed = 0; seed < 200; seed++) {
            final RunResult<String> r = runtime.run(twoSenders(), Strategy.random(seed), RunOptions.DEFAULT);
            assertNull(r.failure());
            assertEquals(0, r.foreignSends());
            orders.add(r.result());
        }
        // per-sender FIFO kept: a1 before a2 and b1 before b2; the 6 interleavings of the two pairs
        assertEquals(Set.of("a1,a2,b1,b2", "a1,b1,a2,b2", "a1,b1,b2,a2", "b1,a1,a2,b2", "b1,a1,b2,a2",
            "b1,b2,a1,a2"), orders);
    }

    @Test
    void shouldRepeatARunFromItsSeedAndFromItsDecisions() {
        for (long seed = 0; seed < 20; seed++) {
            final RunResult<String> a = runtime.run(twoSenders(), Strategy.pct(seed, 3, 10), RunOptions.DEFAULT);
            final RunResult<String> b = runtime.run(twoSenders(), Strategy.pct(seed, 3, 10), RunOptions.DEFAULT);
            assertEquals(a.result(), b.result());
            assertEquals(a.decisions(), b.decisions());
            final ReplayStrategy replay = Strategy.replay(a.decisions(), true);
            final RunResult<String> c = runtime.run(twoSenders(), replay, RunOptions.DEFAULT);
            assertEquals(a.result(), c.result());
            assertEquals(a.decisions(), c.decisions());
            assertNull(replay.divergence());
        }
    }

    @Test
    void shouldFireATimerOnlyWhenNothingElseCanMove() {
        final RunResult<String> r = runtime.run(done -> Behaviors.<String>withTimers(timers -> {
            timers.startSingleTimer("late", Duration.ofHours(1));
            return Behaviors.<String>setup(ctx -> {
                ctx.getSelf().tell("now");
                final List<String> seen = new ArrayList<>();
                return Behaviors.<String>receiveMessage(m -> {
                    seen.add(m);
                    if (seen.size() == 2) {
                        done.tell(String.join(",", seen));
                    }
                    return Behaviors.same();
                });
            });
        }), Strategy.random(1), RunOptions.DEFAULT);
        assertEquals("now,late", r.result());
    }

    @Test
    void shouldCountSendsFromThreadsItDoesNotControl() {
        final RunResult<String> r = runtime.run(done -> Behaviors.<String>setup(ctx -> {
            final ActorRef<String> self = ctx.getSelf();
            final Thread t = new Thread(() -> self.tell("from elsewhere"));
            t.start();
            t.join();
            return Behaviors.<String>receiveMessage(m -> {
                done.tell(m);
                return Behaviors.same();
            });
        }), Strategy.first(), RunOptions.DEFAULT);
        assertEquals("from elsewhere", r.result());
        assertTrue(r.foreignSends() > 0, () -> "foreign sends " + r.foreignSends());
        final RunResult<String> clean = runtime.run(twoSenders(), Strategy.first(), RunOptions.DEFAULT);
        assertEquals(0, clean.foreignSends());
    }

    @Test
    void shouldReportARunThatNeverAnswers() {
        final RunResult<String> r = runtime.run(done -> Behaviors.<String>empty(), Strategy.first(), RunOptions.DEFAULT);
        assertNull(r.result());
        assertTrue(r.failure().contains("nothing was reported"), r.failure());
        final RunResult<String> next = runtime.run(twoSenders(), Strategy.first(), RunOptions.DEFAULT);
        assertEquals("a1,a2,b1,b2", next.result());
    }

    @Test
    void shouldParseAndPrintDecisions() {
        final Decision d = Decision.parse("m2/3");
        assertEquals(new Decision(Decision.Kind.MESSAGE, 2, 3), d);
        assertEquals("m2/3", d.toString());
    }

    /** Two "processes" each send two requests to one "object"; gated runs choose only among requests. */
    private static Function<ActorRef<String>, Behavior<?>> twoProcesses() {
        return done -> Behaviors.<String>setup(ctx -> {
            final List<String> seen = new ArrayList<>();
            final ActorRef<String> object = ctx.spawn(Behaviors.<String>receiveMessage(m -> {
                seen.add(m);
                if (seen.size() == 4) {
                    done.tell(String.join(",", seen));
                }
                return Behaviors.same();
            }), "obj-x");
            for (final String s : List.of("a", "b")) {
                ctx.spawn(Behaviors.<String>receiveMessage(m -> {
                    object.tell(s + "1");
                    object.tell(s + "2");
                    return Behaviors.same();
                }), "proc-" + s).tell("go");
            }
            return Behaviors.empty();
        });
    }

    @Test
    void shouldEnumerateEveryInterleavingOfProcessStepsDepthFirst() {
        final Gates gates = new Gates(n -> n.startsWith("proc-"), n -> n.startsWith("obj-"));
        final Set<String> orders = new HashSet<>();
        List<Decision> prefix = List.of();
        int runs = 0;
        while (true) {
            final RunResult<String> r = runtime.run(twoProcesses(), Strategy.replay(prefix, false),
                RunOptions.DEFAULT.withGates(gates));
            runs++;
            orders.add(r.result());
            assertTrue(r.decisions().stream().allMatch(d -> d.kind() == Decision.Kind.PROCESS_STEP), r.decisions()::toString);
            final List<Decision> d = r.decisions();
            int j = d.size() - 1;
            while (j >= 0 && d.get(j).chosen() == d.get(j).options() - 1) {
                j--;
            }
            if (j < 0) {
                break;
            }
            final List<Decision> next = new ArrayList<>(d.subList(0, j));
            next.add(new Decision(d.get(j).kind(), d.get(j).chosen() + 1, d.get(j).options()));
            prefix = next;
        }
        assertEquals(6, runs);
        assertEquals(6, orders.size(), orders::toString);
    }

    @Test
    void shouldTraceWithoutUidsOrIdentityHashes() {
        assertEquals("proc-P0", Trace.display("/user/run/exec/proc-P0"));
        assertEquals("proc-P0/$$a-adapter", Trace.display("/user/run/exec/proc-P0/$$a-adapter"));
        assertEquals("guardian", Trace.display("/user"));
        assertEquals("driver", Trace.display("~driver"));
        record Ask(byte[] data, Runnable body) {
        }
        final String text = Trace.describe(new Ask(new byte[3], () -> { }));
        assertTrue(text.startsWith("Ask[data=byte[], body=") && !text.matches(".*@[0-9a-f]{4,}.*"), text);
    }
}
