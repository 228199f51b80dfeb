package org.splicelab.hunt;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.splicelab.actors.Kernel;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageAudit;
import org.splicelab.memory.Violation;
import org.splicelab.protocols.KernelModel;
import org.splicelab.protocols.PageVectorPool;

/**
 * The stress hunter (jcstress-style): the same target on Akka's real multi-threaded dispatcher, many
 * iterations, each outcome counted and graded (FORBIDDEN when it found something). It catches what a
 * single-threaded controlled run cannot: races on the off-heap refcounts themselves. Not replayable;
 * the seed (printed) only drives the target's own jitter. {@link AutoCloseable}: stops the system.
 */
public final class StressHunter implements AutoCloseable {
    /** @param maxTime stop earlier than {@code iterations} when this much time has passed */
    public record Options(KernelModel model, long iterations, long seed, Duration maxTime) {
    }

    /** One outcome and how many iterations reached it. */
    public record OutcomeCount(String outcome, long count, boolean forbidden, boolean deadlock, boolean interesting) {
        /**
         * jcstress' grades, and one it lacks: FORBIDDEN (it found something), DEADLOCK (a process was
         * still blocked at the end, which the target's conditions did not forbid), ACCEPTABLE_INTERESTING
         * (the state satisfies one of the test's {@code exists} conditions), else ACCEPTABLE.
         */
        public String grade() {
            return forbidden ? "FORBIDDEN" : deadlock ? "DEADLOCK" : interesting ? "ACCEPTABLE_INTERESTING" : "ACCEPTABLE";
        }
    }

    /** An {@code exists} condition of the target and in how many iterations its state held. */
    public record Witness(String condition, long iterations) {
    }

    /** What a stress hunt saw. */
    public record Report(HuntTarget target, Options options, long iterations, Duration elapsed,
                         List<OutcomeCount> outcomes, List<Witness> witnesses, long foundIn, long firstFoundAt,
                         HuntOutcome first) {
        public boolean found() {
            return foundIn > 0;
        }

        public String render() {
            final StringBuilder sb = new StringBuilder();
            sb.append(String.format("Stress hunt of %s under %s: %d iterations on the real multi-threaded dispatcher "
                    + "(%d cores), seed %d, %.2f s (%.0f iterations/s)%n", target.name(), options.model().id(),
                iterations, Runtime.getRuntime().availableProcessors(), options.seed(), elapsed.toNanos() / 1e9,
                iterations / Math.max(1e-9, elapsed.toNanos() / 1e9)));
            final int width = outcomes.stream().mapToInt(o -> o.grade().length()).max().orElse(10);
            final String row = "  %10s  %-" + Math.max(10, width) + "s  %s%n";
            sb.append(String.format(row, "count", "grade", "outcome"));
            for (final OutcomeCount o : outcomes) {
                sb.append(String.format(row, o.count(), o.grade(), o.outcome()));
            }
            for (final Witness w : witnesses) {
                sb.append(w.condition()).append(": ").append(w.iterations() > 0
                    ? "witnessed in " + w.iterations() + " of " + iterations + " iterations (Sometimes)"
                    : "not witnessed in " + iterations + " iterations").append('\n');
            }
            final long deadlocks = outcomes.stream().filter(c -> c.deadlock() && !c.forbidden())
                .mapToLong(OutcomeCount::count).sum();
            if (deadlocks > 0) {
                sb.append("Deadlocked in ").append(deadlocks).append(" of ").append(iterations)
                    .append(" iterations (a process still blocked at the end; no condition forbids it: "
                        + "add 'forbid deadlock' to make it a finding)\n");
            }
            if (found()) {
                sb.append("Found in ").append(foundIn).append(" of ").append(iterations)
                    .append(" iterations (first at iteration ").append(firstFoundAt).append("): ")
                    .append(String.join(", ", first.findings())).append('\n');
                first.events().stream().limit(3).forEach(e -> sb.append("  ").append(e).append('\n'));
            } else {
                sb.append("Found nothing.\n");
            }
            return sb.toString();
        }
    }

    private record Start(Behavior<?> root, String name, CompletableFuture<HuntOutcome> result) {
    }

    private final ActorSystem<Object> system;
    private java.util.function.Supplier<String> stop = () -> null;

    /** Ends the hunt between two iterations once {@code why} answers a reason ("SIGTERM"). */
    public StressHunter stopWhen(final java.util.function.Supplier<String> why) {
        this.stop = why;
        return this;
    }

    public StressHunter() {
        system = ActorSystem.create(guardian(), "splicelab-stress", ConfigFactory.parseString(
            "akka.jvm-shutdown-hooks = off\n"
                + "akka.coordinated-shutdown.run-by-jvm-shutdown-hook = off\n"
                + "akka.log-dead-letters = 0\n"
                + "akka.log-dead-letters-during-shutdown = off\n"
                + "akka.loglevel = WARNING\n"
                + "akka.stdout-loglevel = OFF\n"
                // one message per turn: an actor's next message goes back to the pool, so other threads
                // can run in between (more interleavings per iteration, as jcstress wants)
                + "akka.actor.default-dispatcher.throughput = 1\n").withFallback(ConfigFactory.load()));
    }

    /** Completes an iteration's future when its root has stopped (so has every actor below it). */
    private static Behavior<Object> guardian() {
        return Behaviors.setup(ctx -> {
            final Map<ActorRef<?>, Start> running = new LinkedHashMap<>();
            final Map<ActorRef<?>, HuntOutcome> outcomes = new LinkedHashMap<>();
            return Behaviors.receive(Object.class)
                .onMessage(Start.class, s -> {
                    @SuppressWarnings("unchecked")
                    final ActorRef<Object> child = ctx.spawn((Behavior<Object>) s.root(), s.name());
                    ctx.watch(child);
                    running.put(child, s);
                    return Behaviors.same();
                })
                .onMessage(Reported.class, r -> {
                    outcomes.put(r.from(), r.outcome());
                    ctx.stop(r.from());
                    return Behaviors.same();
                })
                .onSignal(Terminated.class, t -> {
                    final Start s = running.remove(t.getRef());
                    final HuntOutcome o = outcomes.remove(t.getRef());
                    if (s != null) {
                        s.result().complete(o != null ? o : HuntOutcome.failed("the root stopped without an outcome"));
                    }
                    return Behaviors.same();
                })
                .build();
        });
    }

    private record Reported(ActorRef<?> from, HuntOutcome outcome) {
    }

    public Report hunt(final HuntTarget target, final Options o) {
        final Map<String, long[]> counts = new LinkedHashMap<>();
        final Map<String, Boolean> forbidden = new LinkedHashMap<>();
        final Map<String, Boolean> deadlocked = new LinkedHashMap<>();
        final Map<String, Boolean> interesting = new LinkedHashMap<>();
        final Map<String, long[]> witnessed = new LinkedHashMap<>();
        target.sometimes(o.model()).forEach(c -> witnessed.put(c, new long[1]));
        long foundIn = 0;
        long firstAt = -1;
        HuntOutcome first = null;
        long i = 0;
        final long start = System.nanoTime();
        final long deadline = start + o.maxTime().toNanos();
        try (PageArena arena = new PageArena(target.frames(), new PageAudit());
             PageVectorPool pool = new PageVectorPool(64, PageVectorPool.DEFAULT_ENTRIES)) {
            for (; i < o.iterations() && System.nanoTime() < deadline && stop.get() == null; i++) {
                final Kernel kernel = new Kernel(arena, pool, o.model());
                kernel.beginExecution();
                final HuntOutcome out = iteration(target, kernel, o.seed() + i, i);
                arena.reportLeaks();
                final Set<Violation> seen = EnumSet.noneOf(Violation.class);
                arena.audit().counts().forEach((v, n) -> {
                    if (n > 0) {
                        seen.add(v);
                    }
                });
                final HuntOutcome merged = out.plus(seen, arena.audit().events(), List.of());
                arena.reclaimAllQuiescent();
                pool.reclaimAllQuiescent();
                arena.audit().reset();
                counts.computeIfAbsent(merged.key(), k -> new long[1])[0]++;
                forbidden.put(merged.key(), merged.found());
                deadlocked.put(merged.key(), merged.deadlocked());
                interesting.put(merged.key(), !merged.witnessed().isEmpty());
                merged.witnessed().forEach(c -> witnessed.computeIfAbsent(c, k -> new long[1])[0]++);
                if (merged.found()) {
                    foundIn++;
                    if (first == null) {
                        first = merged;
                        firstAt = i;
                    }
                }
            }
        }
        final List<OutcomeCount> table = counts.entrySet().stream()
            .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
            .map(e -> new OutcomeCount(e.getKey(), e.getValue()[0], forbidden.get(e.getKey()),
                deadlocked.get(e.getKey()), interesting.get(e.getKey()))).toList();
        final List<Witness> witnesses = witnessed.entrySet().stream()
            .map(e -> new Witness(e.getKey(), e.getValue()[0])).toList();
        return new Report(target, o, i, Duration.ofNanos(System.nanoTime() - start), table, witnesses, foundIn, firstAt,
            first);
    }

    private HuntOutcome iteration(final HuntTarget target, final Kernel kernel, final long seed, final long i) {
        final CompletableFuture<HuntOutcome> result = new CompletableFuture<>();
        final ActorRef<Object> guardian = system;
        final Behavior<?> root = Behaviors.<HuntOutcome>setup(ctx -> {
            ctx.spawn(target.stressRoot(kernel, ctx.getSelf(), seed), "world");
            return Behaviors.receiveMessage(out -> {
                guardian.tell(new Reported(ctx.getSelf(), out));
                return Behaviors.same();
            });
        });
        system.tell(new Start(root, "iteration-" + i, result));
        try {
            return result.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("stress iteration " + i + " did not end within 60 s", e);
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
            throw new IllegalStateException("stress actor system did not terminate", e);
        }
    }
}
