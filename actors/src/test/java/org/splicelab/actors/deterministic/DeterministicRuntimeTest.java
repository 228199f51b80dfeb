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

    /**
     * Two "processes" each make three calls to an object that asks a helper ("disk") before it replies:
     * every message of a call carries the caller as its cause.
     */
    private static Function<ActorRef<String>, Behavior<?>> twoCallers() {
        record Call(String who, int n, ActorRef<String> replyTo) {
        }
        record Disk(Call call, ActorRef<Call> back) {
        }
        return done -> Behaviors.<String>setup(ctx -> {
            final List<String> seen = new ArrayList<>();
            final ActorRef<Disk> disk = ctx.spawn(Behaviors.<Disk>receiveMessage(d -> {
                d.back().tell(d.call());
                return Behaviors.same();
            }), "disk");
            final ActorRef<Call> object = ctx.spawn(Behaviors.<Call>setup(o -> Behaviors.<Call>receiveMessage(c -> {
                if (c.n() < 0) {
                    seen.add(c.who());
                    c.replyTo().tell("ok");
                    if (seen.size() == 6) {
                        done.tell(String.join("", seen));
                    }
                } else {
                    disk.tell(new Disk(new Call(c.who(), -1, c.replyTo()), o.getSelf()));
                }
                return Behaviors.same();
            })), "obj");
            for (final String s : List.of("a", "b")) {
                ctx.spawn(Behaviors.<String>setup(p -> {
                    final int[] calls = {0};
                    return Behaviors.<String>receiveMessage(m -> {
                        if (calls[0]++ < 3) {
                            object.tell(new Call(s, calls[0], p.getSelf()));
                        }
                        return Behaviors.same();
                    });
                }), "proc-" + s).tell("go");
            }
            return Behaviors.empty();
        });
    }

    @Test
    void shouldGiveEveryMessageOfACallTheCallerAsItsCause() {
        final List<String> seen = new ArrayList<>();
        final Strategy recorder = new Strategy() {
            @Override
            public int choose(final ChoicePoint p) {
                for (int i = 0; i < p.options().size(); i++) {
                    for (int h = 0; h < p.heads(i); h++) {
                        seen.add(Trace.display(p.options().get(i)) + ":" + Trace.display(p.cause(i, h)));
                    }
                }
                return p.options().size() - 1;
            }

            @Override
            public int choose(final Decision.Kind kind, final List<String> options) {
                throw new AssertionError("the runtime asks with a ChoicePoint");
            }

            @Override
            public String describe() {
                return "recorder";
            }
        };
        final RunResult<String> r = runtime.run(twoCallers(), recorder, RunOptions.DEFAULT);
        assertEquals(6, r.result().length());
        // the object and the disk only ever hold messages of a call (caused by proc-a or proc-b), or their
        // own system messages (start-up), which no process caused
        assertTrue(seen.stream().filter(s -> s.startsWith("obj:") || s.startsWith("disk:"))
            .allMatch(s -> s.endsWith(":proc-a") || s.endsWith(":proc-b") || s.equals("obj:obj")
                || s.equals("disk:disk")), seen::toString);
        assertTrue(seen.contains("disk:proc-a") && seen.contains("disk:proc-b"), seen::toString);
        assertTrue(r.chainChoices() > 0 && r.chains() >= 2, () -> r.chainChoices() + " " + r.chains());
    }

    @Test
    void shouldRunOneProcessWithEverythingItSetsOffBeforeTheNextUnderPctWithoutChangePoints() {
        final Set<String> orders = new HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            orders.add(runtime.run(twoCallers(), Strategy.pct(seed, 1, 50), RunOptions.DEFAULT).result());
        }
        assertEquals(Set.of("aaabbb", "bbbaaa"), orders);
        final Set<String> changed = new HashSet<>();
        for (long seed = 0; seed < 200; seed++) {
            changed.add(runtime.run(twoCallers(), Strategy.pct(seed, 2, 12), RunOptions.DEFAULT).result());
        }
        assertTrue(changed.size() > 2, changed::toString);
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
