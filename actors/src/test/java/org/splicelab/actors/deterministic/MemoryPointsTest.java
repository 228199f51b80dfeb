package org.splicelab.actors.deterministic;

import org.splicelab.memory.testing.ArenaCheck;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.splicelab.memory.LookupStats;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageAudit;
import org.splicelab.memory.PageCache;
import org.splicelab.memory.PageFlags;
import org.splicelab.memory.PageRef;
import org.splicelab.memory.StealOutcome;
import org.splicelab.memory.Violation;
import org.splicelab.protocols.FilePosition;

/**
 * Memory-level choice points on the deterministic runtime: two actors whose steps each do a whole
 * page-cache operation (a steal; a lookup that keeps its reference) interleave inside those steps only
 * when the run explores the arena's points, and then every such run replays from its decisions.
 */
@ArenaCheck
class MemoryPointsTest {
    private static DeterministicRuntime runtime;
    private PageAudit audit;
    private PageArena arena;
    private PageCache cache;

    @BeforeAll
    static void start() {
        runtime = new DeterministicRuntime();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @BeforeEach
    void setUp() {
        audit = new PageAudit();
        arena = new PageArena(64, audit);
        cache = new PageCache(arena, arena.indexPool(), 1);
    }

    @AfterEach
    void tearDown() {
        arena.close();
    }

    /** Page 0 cached, as a fresh run needs it. */
    private void cachePage() {
        final long ref = arena.alloc();
        arena.setFlags(ref, PageFlags.UPTODATE | PageFlags.LRU);
        cache.insert(0, ref);
    }

    /** After a run: every reference put, the page cache emptied, the audit's violations returned and reset. */
    private long endRun(final List<Long> held) {
        held.forEach(arena::put);
        final long v = cache.peek(0);
        if (org.splicelab.memory.PageIndex.isPage(v) && cache.removeLocked(0, v)) {
            arena.put(v);
        }
        cache.forgetShadow(0);
        assertEquals(0, arena.framesInUse(), "every page back");
        final long n = audit.count(Violation.STOLEN_WHILE_SHARED);
        audit.reset();
        return n;
    }

    /**
     * A thief (lookup, then {@code stealRacy} or {@code steal}) and a reader (a lookup whose reference it
     * keeps), one step each; the result lists the references the run still holds.
     */
    private Function<ActorRef<List<Long>>, Behavior<?>> thiefAndReader(final boolean racy) {
        return done -> Behaviors.<Long>setup(ctx -> {
            final List<Long> held = new ArrayList<>();
            final int[] reports = {0};
            final ActorRef<Long> collector = ctx.getSelf();
            ctx.spawn(Behaviors.<String>receiveMessage(m -> {
                final long ref = cache.lookup(0, new LookupStats());
                if (ref != PageRef.NULL
                    && (racy ? cache.stealRacy(0, ref) : cache.steal(0, ref)) != StealOutcome.STOLEN) {
                    arena.put(ref);
                    collector.tell(PageRef.NULL);
                } else {
                    collector.tell(ref);   // the stolen page (or nothing)
                }
                return Behaviors.stopped();
            }), "thief").tell("go");
            ctx.spawn(Behaviors.<String>receiveMessage(m -> {
                collector.tell(cache.lookup(0, new LookupStats()));
                return Behaviors.stopped();
            }), "reader").tell("go");
            return Behaviors.receiveMessage(ref -> {
                if (ref != PageRef.NULL) {
                    held.add(ref);
                }
                if (++reports[0] == 2) {
                    done.tell(List.copyOf(held));
                }
                return Behaviors.same();
            });
        });
    }

    @Test
    void aReaderSlipsBetweenTheRacyStealsCheckAndRemovalOnlyWithMemoryPoints() {
        int withPoints = 0;
        int without = 0;
        for (long seed = 0; seed < 100; seed++) {
            cachePage();
            final RunResult<List<Long>> a = runtime.run(thiefAndReader(true), Strategy.random(seed), RunOptions.DEFAULT);
            assertNull(a.failure());
            without += endRun(a.result()) > 0 ? 1 : 0;
            cachePage();
            final RunResult<List<Long>> b = runtime.run(thiefAndReader(true), Strategy.random(seed),
                RunOptions.DEFAULT.withMemoryPoints(arena));
            assertNull(b.failure());
            assertEquals(0, b.foreignSends(), "sends from the workers are the runtime's own");
            assertTrue(b.decisions().stream().anyMatch(d -> d.kind() == Decision.Kind.MEMORY), b.decisions()::toString);
            withPoints += endRun(b.result()) > 0 ? 1 : 0;
        }
        System.out.printf("stolen-while-shared in %d of 100 random schedules with memory points, %d without%n", withPoints, without);
        assertEquals(0, without, "whole steps: the steal and the lookup never interleave");
        assertTrue(withPoints > 0, "memory points: the lookup lands between the check and the removal");
    }

    @Test
    void theFreezingStealIsNeverStolenWhileSharedAndEveryRunEnds() {
        for (long seed = 0; seed < 100; seed++) {
            cachePage();
            final RunResult<List<Long>> r = runtime.run(thiefAndReader(false), Strategy.random(seed),
                RunOptions.DEFAULT.withMemoryPoints(arena));
            assertNull(r.failure(), "a reader that finds the page frozen waits for the thief to go on");
            assertEquals(0, endRun(r.result()));
        }
    }

    /**
     * A thief that steals with the freeze and two readers, under a scheduler that runs the thief up to
     * its freeze and then always prefers a reader: both readers wait on the frozen page at once. Each
     * waiter's retry passes a point of its own; were a waiter resumable because the other waiter ran, the
     * two would resume each other forever and the thief would never unfreeze.
     */
    @Test
    @org.junit.jupiter.api.Timeout(30)
    void twoStepsWaitingForOneFrozenPageDoNotResumeEachOtherForever() {
        final Strategy starveTheThief = new Strategy() {
            @Override
            public int choose(final Decision.Kind kind, final List<String> options) {
                int thief = -1;
                int other = -1;
                for (int i = 0; i < options.size(); i++) {
                    if (options.get(i).contains("/thief")) {
                        thief = i;
                    } else if (other < 0) {
                        other = i;
                    }
                }
                final boolean frozen = thief >= 0 && options.get(thief).contains("@steal:");
                return frozen ? Math.max(0, other) : Math.max(0, thief);
            }

            @Override
            public String describe() {
                return "starve-the-thief";
            }
        };
        for (final Strategy s : List.of(starveTheThief, Strategy.pct(1, 3, 20), Strategy.random(1))) {
            cachePage();
            final Trace trace = new Trace(arena);
            final RunResult<List<Long>> r = runtime.run(done -> Behaviors.<Long>setup(ctx -> {
                final List<Long> held = new ArrayList<>();
                final int[] reports = {0};
                ctx.spawn(Behaviors.<String>receiveMessage(m -> {
                    final long ref = cache.lookup(0, new LookupStats());
                    if (cache.steal(0, ref) != StealOutcome.STOLEN) {
                        arena.put(ref);
                        ctx.getSelf().tell(PageRef.NULL);
                    } else {
                        ctx.getSelf().tell(ref);
                    }
                    return Behaviors.stopped();
                }), "thief").tell("go");
                for (final String n : List.of("reader-a", "reader-b")) {
                    ctx.spawn(Behaviors.<String>receiveMessage(m -> {
                        ctx.getSelf().tell(cache.lookup(0, new LookupStats()));
                        return Behaviors.stopped();
                    }), n).tell("go");
                }
                return Behaviors.receiveMessage(ref -> {
                    if (ref != PageRef.NULL) {
                        held.add(ref);
                    }
                    if (++reports[0] == 3) {
                        done.tell(List.copyOf(held));
                    }
                    return Behaviors.same();
                });
            }), s, RunOptions.DEFAULT.withMemoryPoints(arena).withTrace(trace));
            assertNull(r.failure(), s.describe());
            assertEquals(List.of(), endRun(r.result()) == 0 ? List.of() : List.of("stolen while shared"));
            if (s == starveTheThief) {
                final long waits = trace.events().stream().filter(e -> e instanceof Trace.Delivery d
                    && d.message().startsWith("(resumes at lookup:frozen-wait")).count();
                assertTrue(waits >= 2, "both readers waited on the frozen page: " + trace.render());
            }
        }
    }

    @Test
    void aRunWithMemoryPointsRepeatsFromItsSeedAndFromItsDecisions() {
        for (long seed = 0; seed < 30; seed++) {
            cachePage();
            final RunResult<List<Long>> a = runtime.run(thiefAndReader(true), Strategy.pct(seed, 3, 12),
                RunOptions.DEFAULT.withMemoryPoints(arena));
            final long va = endRun(a.result());
            cachePage();
            final RunResult<List<Long>> b = runtime.run(thiefAndReader(true), Strategy.replay(a.decisions(), true),
                RunOptions.DEFAULT.withMemoryPoints(arena));
            final long vb = endRun(b.result());
            assertEquals(a.decisions(), b.decisions());
            assertEquals(va, vb);
            assertEquals(a.result().size(), b.result().size());
        }
    }

    @Test
    void theFirstOptionEverywhereIsTheScheduleWithoutMemoryPoints() {
        cachePage();
        final RunResult<List<Long>> a = runtime.run(thiefAndReader(true), Strategy.first(), RunOptions.DEFAULT);
        endRun(a.result());
        cachePage();
        final RunResult<List<Long>> b = runtime.run(thiefAndReader(true), Strategy.first(),
            RunOptions.DEFAULT.withMemoryPoints(arena));
        endRun(b.result());
        assertEquals(a.steps(), b.steps());
        assertEquals(a.decisions(), b.decisions().stream().filter(d -> d.kind() != Decision.Kind.MEMORY).toList());
        assertTrue(b.decisions().stream().allMatch(d -> d.chosen() == 0));
    }

    /**
     * Two actors each take f_pos_lock, look a page up (a point, where the holder may be suspended) and
     * unlock: the waiting one spins at a point until the holder has run, so every run ends.
     */
    @Test
    void aStepWaitingForALockHeldBySuspendedStepLetsTheHolderRun() {
        final FilePosition position = new FilePosition();
        int contended = 0;
        for (long seed = 0; seed < 100; seed++) {
            cachePage();
            final Trace trace = new Trace(arena);
            final RunResult<String> r = runtime.run(done -> Behaviors.<String>setup(ctx -> {
                final int[] left = {2};
                for (final String n : List.of("a", "b")) {
                    ctx.spawn(Behaviors.<String>receiveMessage(m -> {
                        position.lock(arena);
                        final long ref = cache.lookup(0, new LookupStats());
                        position.set(position.get() + 1);
                        arena.put(ref);
                        position.unlock();
                        ctx.getSelf().tell(n);
                        return Behaviors.stopped();
                    }), n).tell("go");
                }
                return Behaviors.receiveMessage(m -> {
                    if (--left[0] == 0) {
                        done.tell("both");
                    }
                    return Behaviors.same();
                });
            }), Strategy.random(seed), RunOptions.DEFAULT.withMemoryPoints(arena).withTrace(trace));
            assertNull(r.failure());
            assertEquals("both", r.result());
            contended += trace.events().stream().anyMatch(e -> e instanceof Trace.Delivery d
                && d.message().startsWith("(resumes at f_pos-lock-wait")) ? 1 : 0;
            endRun(List.of());
        }
        assertEquals(200, position.get(), "each of the 200 lock holders moved f_pos once");
        System.out.printf("%d of 100 runs had a step wait for the lock a suspended step held%n", contended);
        assertTrue(contended > 0);
    }
}
