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
 * it, and writes its {@link ReplayFile}. PCT's k is the number of choices the canonical schedule
 * (every first option) makes, so a schedule's seed alone determines it.
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
     * @param schedules at most this many schedules
     * @param pctDepth  PCT's d (bug depth: d - 1 priority change points)
     * @param outDir    where the replay file goes (null: not written)
     */
    public record Options(KernelModel model, StrategyKind strategy, long schedules, long seed, int pctDepth,
                          Path outDir, long maxSteps) {
        public static Options of(final KernelModel model, final long schedules, final long seed) {
            return new Options(model, StrategyKind.PCT, schedules, seed, 3, null, RunOptions.DEFAULT_MAX_STEPS);
        }

        public Options withStrategy(final StrategyKind s) {
            return new Options(model, s, schedules, seed, pctDepth, outDir, maxSteps);
        }

        public Options withOutDir(final Path dir) {
            return new Options(model, strategy, schedules, seed, pctDepth, dir, maxSteps);
        }

        public Options withPctDepth(final int d) {
            return new Options(model, strategy, schedules, seed, Math.max(1, d), outDir, maxSteps);
        }
    }

    /** A confirmed finding. */
    public record Found(long schedule, long seed, HuntOutcome outcome, List<Decision> decisions,
                        Replayer.Replayed confirmation, String trace, ReplayFile replay, Path replayPath,
                        Duration timeToFind) {
        /** The confirming replay (fresh arena, strict decisions) found the same thing. */
        public boolean confirmed() {
            return confirmation.divergence() == null && confirmation.reproduces(outcome.findings());
        }
    }

    /**
     * What a hunt did: schedules run, actor steps and choices made, time, and the finding (null when
     * nothing was found).
     */
    public record Report(HuntTarget target, Options options, int pctSteps, long schedules, long steps,
                         long decisions, Duration elapsed, Found found) {
        public double schedulesPerSecond() {
            return schedules / Math.max(1e-9, elapsed.toNanos() / 1e9);
        }

        public String summary() {
            final String s = String.format("Hunted %s under %s: %d schedule%s (%s, seeds %d..%d), %d steps, "
                    + "%d choices in %.2f s = %.0f schedules/s", target.name(), options.model().id(), schedules,
                schedules == 1 ? "" : "s", strategyText(), options.seed(), options.seed() + Math.max(0, schedules - 1),
                steps, decisions, elapsed.toNanos() / 1e9, schedulesPerSecond());
            if (found == null) {
                return s + "\nFound nothing.";
            }
            return s + "\nFound in schedule " + found.schedule() + " (seed " + found.seed() + ") after "
                + String.format("%.3f s", found.timeToFind().toNanos() / 1e9) + ": "
                + String.join(", ", found.outcome().findings())
                + (found.confirmed() ? "" : "\nWARNING: the confirming replay did not reproduce it ("
                + (found.confirmation().divergence() != null ? found.confirmation().divergence()
                : "found " + found.confirmation().outcome().findings()) + ")")
                + (found.replayPath() == null ? "" : "\nReplay file: " + found.replayPath());
        }

        private String strategyText() {
            return options.strategy() == StrategyKind.PCT
                ? "pct d=" + options.pctDepth() + " k=" + pctSteps : options.strategy().id();
        }
    }

    private final DeterministicRuntime runtime;

    public Hunter(final DeterministicRuntime runtime) {
        this.runtime = runtime;
    }

    public Report hunt(final HuntTarget target, final Options o) {
        final long start = System.nanoTime();
        long steps = 0;
        long decisions = 0;
        long ran = 0;
        ScheduleRunner.Schedule hit = null;
        long hitIndex = -1;
        long found = 0;
        final int k;
        try (ScheduleRunner runner = new ScheduleRunner(runtime, target, o.model(), o.maxSteps())) {
            k = Math.max(1, runner.run(Strategy.first(), null).run().decisions().size());
            for (long i = 0; i < o.schedules(); i++) {
                final ScheduleRunner.Schedule s = runner.run(strategy(o, o.seed() + i, k), null);
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
            return new Report(target, o, k, ran, steps, decisions, elapsed, null);
        }
        final long seed = o.seed() + hitIndex;
        final Replayer.Replayed confirmation =
            Replayer.replay(runtime, target, o.model(), hit.run().decisions(), true);
        final String how = o.strategy().id() + " seed " + seed;
        final String trace = Replayer.render(target, o.model(), how, confirmation);
        final ReplayFile file = new ReplayFile(target.reference(), target.checksum(), target.name(), o.model().id(),
            o.strategy().id(), seed, o.pctDepth(), k, hitIndex, hit.outcome().findings(), Versions.current(),
            hit.run().decisions(), confirmation.comments(), target.parameters());
        Path path = null;
        if (o.outDir() != null) {
            path = o.outDir().resolve(file.fileName());
            file.write(path);
        }
        return new Report(target, o, k, ran, steps, decisions, elapsed, new Found(hitIndex, seed, hit.outcome(),
            hit.run().decisions(), confirmation, trace, file, path, elapsed));
    }

    /** The strategy of one schedule: from its seed alone (and the target's k). */
    static Strategy strategy(final Options o, final long seed, final int k) {
        return o.strategy() == StrategyKind.PCT ? Strategy.pct(seed, o.pctDepth(), k) : Strategy.random(seed);
    }

    /** The strategy a replay file's seed stands for. */
    static Strategy strategy(final ReplayFile f) {
        return "random".equals(f.strategy()) ? Strategy.random(f.seed())
            : Strategy.pct(f.seed(), Math.max(1, f.pctDepth()), Math.max(1, f.pctSteps()));
    }
}
