package org.splicelab.hunt;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.splicelab.actors.deterministic.Decision;
import org.splicelab.actors.deterministic.DeterministicRuntime;
import org.splicelab.actors.deterministic.RunOptions;
import org.splicelab.actors.deterministic.Strategy;
import org.splicelab.protocols.KernelModel;

/**
 * The deterministic race hunter: runs schedules of a target, each from its own seed ({@code seed + i}),
 * until one finds something, then replays that schedule on a fresh arena to confirm it and to trace
 * it, and writes its {@link ReplayFile}. PCT's k is learned from the runs, as Coyote and shuttle do: it
 * starts at the number of chain choices the canonical schedule (every first option) makes and grows
 * to the largest any schedule has made, so the change points of later schedules are drawn over the
 * whole length of a run. A hunt is therefore determined by its first seed; a schedule, by its seed and
 * the k it ran with (both in the replay file).
 */
public final class Hunter {
    /** How to explore. */
    public enum StrategyKind {
        RANDOM, PCT;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @param schedules    at most this many schedules
     * @param pctDepth     PCT's d (bug depth: d - 1 priority change points)
     * @param outDir       where the replay file goes (null: not written)
     * @param pctSteps     PCT's k when fixed (re-running one schedule); 0: learned from the runs
     * @param memoryPoints explore memory-level choice points (a lookup racing a steal inside actor steps);
     *                     null: on for the racy models ({@link KernelModel#racy()}), whose mistakes live there
     */
    public record Options(KernelModel model, StrategyKind strategy, long schedules, long seed, int pctDepth,
                          Path outDir, long maxSteps, int pctSteps, Boolean memoryPoints) {
        /** Memory points as the model's default. */
        public Options(final KernelModel model, final StrategyKind strategy, final long schedules, final long seed,
                       final int pctDepth, final Path outDir, final long maxSteps, final int pctSteps) {
            this(model, strategy, schedules, seed, pctDepth, outDir, maxSteps, pctSteps, null);
        }

        public static Options of(final KernelModel model, final long schedules, final long seed) {
            return new Options(model, StrategyKind.PCT, schedules, seed, 3, null, RunOptions.DEFAULT_MAX_STEPS, 0);
        }

        /** Whether the schedules explore memory-level choice points (as asked, else the model's default). */
        public boolean memoryPointsOn() {
            return memoryPoints != null ? memoryPoints : defaultMemoryPoints(model);
        }

        public Options withStrategy(final StrategyKind s) {
            return new Options(model, s, schedules, seed, pctDepth, outDir, maxSteps, pctSteps, memoryPoints);
        }

        public Options withOutDir(final Path dir) {
            return new Options(model, strategy, schedules, seed, pctDepth, dir, maxSteps, pctSteps, memoryPoints);
        }

        public Options withPctDepth(final int d) {
            return new Options(model, strategy, schedules, seed, Math.max(1, d), outDir, maxSteps, pctSteps,
                memoryPoints);
        }

        public Options withSchedules(final long n) {
            return new Options(model, strategy, n, seed, pctDepth, outDir, maxSteps, pctSteps, memoryPoints);
        }

        /** PCT with a fixed k (0: learn it). */
        public Options withPctSteps(final int k) {
            return new Options(model, strategy, schedules, seed, pctDepth, outDir, maxSteps, Math.max(0, k),
                memoryPoints);
        }

        /** Memory points on or off (null: the model's default). */
        public Options withMemoryPoints(final Boolean on) {
            return new Options(model, strategy, schedules, seed, pctDepth, outDir, maxSteps, pctSteps, on);
        }
    }

    /**
     * Memory points by default: on for the racy models (a steal that checks and then removes, a lookup
     * without its re-check: races inside one actor step), off for the designs, whose schedules then stay
     * those of ADR 0010.
     */
    public static boolean defaultMemoryPoints(final KernelModel model) {
        return model.racy();
    }

    /**
     * A finding, confirmed or not: the confirming replay (fresh arena, strict decisions) must make the
     * same choices and find the same thing; when it does not, the hunt failed (the runtime or the target
     * is not deterministic) and nothing was found.
     */
    public record Found(long schedule, long seed, HuntOutcome outcome, List<Decision> decisions,
                        Replayer.Replayed confirmation, String trace, ReplayFile replay, Path replayPath,
                        Duration timeToFind) {
        /** The confirming replay (fresh arena, strict decisions) found the same thing. */
        public boolean confirmed() {
            return confirmation.divergence() == null && confirmation.reproduces(outcome.findings());
        }

        /** Why the confirmation failed, or null. */
        public String unconfirmedBecause() {
            if (confirmed()) {
                return null;
            }
            return confirmation.divergence() != null ? "it left the recorded schedule: " + confirmation.divergence()
                : "it found " + confirmation.outcome().findings() + " instead";
        }
    }

    /**
     * What a hunt did: schedules run, actor steps and choices made, time, PCT's final k and n (the chain
     * choices and causes learned from the runs), and the finding (null when nothing was found).
     */
    public record Report(HuntTarget target, Options options, int pctSteps, int chains, long schedules, long steps,
                         long decisions, Duration elapsed, Found found, String interrupted) {
        /** A hunt that ran until it found something or ran out of schedules. */
        public Report(final HuntTarget target, final Options options, final int pctSteps, final int chains,
                      final long schedules, final long steps, final long decisions, final Duration elapsed,
                      final Found found) {
            this(target, options, pctSteps, chains, schedules, steps, decisions, elapsed, found, null);
        }

        public double schedulesPerSecond() {
            return schedules / Math.max(1e-9, elapsed.toNanos() / 1e9);
        }

        /** Something was found and confirmed. */
        public boolean foundSomething() {
            return found != null && found.confirmed();
        }

        /** The hunt failed: a finding whose confirming replay diverged (a determinism error). */
        public boolean failed() {
            return found != null && !found.confirmed();
        }

        /**
         * PCT's guarantee for the final k and n: a bug of depth d is found with probability at least
         * 1/(n·k^(d−1)) per schedule. Empty for random schedules (no guarantee).
         */
        public String bound() {
            if (options.strategy() != StrategyKind.PCT) {
                return "";
            }
            final int d = options.pctDepth();
            final double inverse = chains * Math.pow(pctSteps, d - 1);
            return String.format("PCT bound: a bug of depth %d is found with probability >= 1/(n*k^%d) = 1/%s per "
                + "schedule (n=%d causes, k=%d chain choices, %s)", d, d - 1, big(inverse), chains, pctSteps,
                options.pctSteps() > 0 ? "as fixed" : "the most a schedule made");
        }

        private static String big(final double x) {
            return x < 1e9 ? String.format("%.0f", x) : String.format("%.3g", x);
        }

        public String summary() {
            final String s = String.format("Hunted %s under %s: %d schedule%s (%s, seeds %d..%d), %d steps, "
                    + "%d choices in %.2f s = %.0f schedules/s", target.name(), options.model().id(), schedules,
                schedules == 1 ? "" : "s", strategyText(), options.seed(), options.seed() + Math.max(0, schedules - 1),
                steps, decisions, elapsed.toNanos() / 1e9, schedulesPerSecond());
            final String b = bound().isEmpty() ? "" : "\n" + bound();
            if (found == null) {
                return s + b + (interrupted == null ? "\nFound nothing."
                    : "\nINTERRUPTED by " + interrupted + " after " + schedules + " of " + options.schedules()
                    + " schedules: found nothing in those.");
            }
            if (!found.confirmed()) {
                return s + b + "\nFAILED: schedule " + found.schedule() + " (seed " + found.seed() + ") reported "
                    + String.join(", ", found.outcome().findings()) + ", but its confirming replay did not reproduce "
                    + "it (" + found.unconfirmedBecause() + "). That is nondeterminism the runtime does not control, "
                    + "in splicelab or the target, not a finding."
                    + (found.replayPath() == null ? "" : "\nThe schedule, for debugging: " + found.replayPath());
            }
            return s + b + "\nFound in schedule " + found.schedule() + " (seed " + found.seed() + ") after "
                + String.format("%.3f s", found.timeToFind().toNanos() / 1e9) + ": "
                + String.join(", ", found.outcome().findings())
                + (found.replayPath() == null ? "" : "\nReplay file: " + found.replayPath());
        }

        private String strategyText() {
            return (options.strategy() == StrategyKind.PCT ? "pct d=" + options.pctDepth() + " k=" + pctSteps
                + (options.pctSteps() > 0 ? " (fixed)" : " (learned)") : options.strategy().id())
                + (options.memoryPointsOn() ? ", memory points" : "");
        }
    }

    private final DeterministicRuntime runtime;
    private java.util.function.Supplier<String> stop = () -> null;

    public Hunter(final DeterministicRuntime runtime) {
        this.runtime = runtime;
    }

    /** Ends the hunt between two schedules once {@code why} answers a reason ("SIGTERM"); the report says it. */
    public Hunter stopWhen(final java.util.function.Supplier<String> why) {
        this.stop = why;
        return this;
    }

    public Report hunt(final HuntTarget target, final Options o) {
        final long start = System.nanoTime();
        long steps = 0;
        long decisions = 0;
        long ran = 0;
        ScheduleRunner.Schedule hit = null;
        long hitIndex = -1;
        long found = 0;
        int k;
        int kHit = 0;
        int n;
        String interrupted = null;
        try (ScheduleRunner runner = new ScheduleRunner(runtime, target, o.model(), o.maxSteps(), o.memoryPointsOn())) {
            final ScheduleRunner.Schedule canonical = runner.run(Strategy.first(), null);
            k = Math.max(1, canonical.run().chainChoices());
            n = Math.max(1, canonical.run().chains());
            if (o.pctSteps() > 0) {
                k = o.pctSteps();
            }
            for (long i = 0; i < o.schedules(); i++) {
                if (stop.get() != null) {
                    interrupted = stop.get();
                    break;
                }
                final ScheduleRunner.Schedule s = runner.run(strategy(o, o.seed() + i, k), null);
                kHit = k;
                k = o.pctSteps() > 0 ? k : Math.max(k, s.run().chainChoices());
                n = Math.max(n, s.run().chains());
                ran++;
                steps += s.run().steps();
                decisions += s.run().decisions().size();
                if (s.outcome().found()) {
                    hit = s;
                    hitIndex = i;
                    found = System.nanoTime();
                    break;
                }
            }
        }
        final Duration elapsed = Duration.ofNanos((hit != null ? found : System.nanoTime()) - start);
        if (hit == null) {
            return new Report(target, o, k, n, ran, steps, decisions, elapsed, null, interrupted);
        }
        final long seed = o.seed() + hitIndex;
        final Replayer.Replayed confirmation =
            Replayer.replay(runtime, target, o.model(), hit.run().decisions(), true, o.memoryPointsOn());
        final String how = o.strategy().id() + " seed " + seed;
        final String trace = Replayer.render(target, o.model(), how, confirmation);
        final ReplayFile file = new ReplayFile(target.reference(), target.checksum(), target.name(), o.model().id(),
            o.strategy().id(), seed, o.pctDepth(), kHit, hitIndex, hit.outcome().findings(), Versions.current(),
            hit.run().decisions(), confirmation.comments(), target.parameters(), o.seed(), o.memoryPointsOn());
        final boolean confirmed = confirmation.divergence() == null
            && confirmation.reproduces(hit.outcome().findings());
        Path path = null;
        if (o.outDir() != null) {
            path = file.pathIn(o.outDir());
            if (!confirmed) {
                path = path.resolveSibling(path.getFileName().toString().replace(".replay", ".diverged.replay"));
            }
            file.write(path);
        }
        return new Report(target, o, k, n, ran, steps, decisions, elapsed, new Found(hitIndex, seed, hit.outcome(),
            hit.run().decisions(), confirmation, trace, file, path, elapsed));
    }

    /** The strategy of one schedule: from its seed and the k learned so far. */
    static Strategy strategy(final Options o, final long seed, final int k) {
        return o.strategy() == StrategyKind.PCT ? Strategy.pct(seed, o.pctDepth(), k) : Strategy.random(seed);
    }

    /** The strategy a replay file's seed stands for (with the k that schedule ran with). */
    static Strategy strategy(final ReplayFile f) {
        return "random".equals(f.strategy()) ? Strategy.random(f.seed())
            : Strategy.pct(f.seed(), Math.max(1, f.pctDepth()), Math.max(1, f.pctSteps()));
    }
}
