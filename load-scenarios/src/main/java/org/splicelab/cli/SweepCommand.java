package org.splicelab.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.splicelab.cluster.ClusterException;
import org.splicelab.cluster.ClusterJob;
import org.splicelab.cluster.ClusterNode;
import org.splicelab.cluster.RangeRunner;
import org.splicelab.cluster.Work;
import org.splicelab.hunt.HuntTarget;
import org.splicelab.hunt.Hunter;
import org.splicelab.hunt.LitmusTarget;
import org.splicelab.hunt.ScenarioTarget;
import org.splicelab.litmus.LitmusParseException;
import org.splicelab.protocols.KernelModel;
import org.splicelab.scenario.ScenarioException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code splicelab sweep}: a hunt per (target, model), here or on a cluster, as one table. */
@Command(name = "sweep", mixinStandardHelpOptions = true, versionProvider = SplicelabCommand.Version.class,
    description = {"Hunts every TARGET under every model of --models (each cell: --schedules deterministic "
        + "schedules from --seed, as `splicelab hunt` runs them; a cell ends at its first finding) and prints a table "
        + "with a row per target and a column per model. Every finding is written to --out as a replay file and "
        + "replayed here. With --cluster the cells' ranges run on the cluster's workers.",
        "Exit 0 when no cell found anything, 1 when one did, 3 when a finding did not reproduce here, 4 when the "
            + "sweep did not finish (a range failed, the coordinator was lost), 2 on bad input."})
public final class SweepCommand implements Callable<Integer> {
    @Parameters(paramLabel = "TARGET", arity = "1..*",
        description = ".litmus files, built-in scenario names or scenario .conf files")
    private List<String> targets;

    @Option(names = "--models", required = true, split = ",", paramLabel = "a,b,c",
        description = "the models, e.g. linux,private-pages-racy,dirty-pipe")
    private List<String> models;

    @Option(names = "--schedules", paramLabel = "N", defaultValue = "1000",
        description = "schedules per cell at most (default ${DEFAULT-VALUE})")
    private long schedules;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
        description = "seed of every cell's first schedule (default ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--strategy", paramLabel = "random|pct", defaultValue = "pct",
        description = "schedule strategy (default ${DEFAULT-VALUE})")
    private String strategy;

    @Option(names = "--pct-depth", paramLabel = "D", defaultValue = "3",
        description = "PCT's bug depth d (default ${DEFAULT-VALUE})")
    private int depth;

    @Option(names = "--loop-iterations", paramLabel = "N",
        description = "scenario targets: iterations of every process's loop per schedule (as hunt)")
    private Long loopIterations;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "replays",
        description = "where the replay files go (default ${DEFAULT-VALUE})")
    private Path outDir;

    @Mixin
    private ClusterOptions cluster;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final List<ClusterHunt.Cell> cells = new ArrayList<>();
        final List<HuntTarget> loaded = new ArrayList<>();
        final List<KernelModel> ms = new ArrayList<>();
        try {
            if (!"pct".equals(strategy) && !"random".equals(strategy)) {
                throw new ScenarioException("--strategy must be random or pct, not '" + strategy + "'");
            }
            if (schedules < 1) {
                throw new ScenarioException("--schedules: expected a whole number >= 1, found " + schedules);
            }
            if (depth < 1) {
                throw new ScenarioException("--pct-depth: expected a whole number >= 1, found " + depth);
            }
            if (loopIterations != null && loopIterations < 1) {
                throw new ScenarioException("--loop-iterations: expected a whole number >= 1, found " + loopIterations);
            }
            final String bad = cluster.check(HuntCommand.DEFAULT_RANGE);
            if (bad != null) {
                throw new ScenarioException(bad);
            }
            OutputPaths.checkDirectory(outDir, "--out", "to write the replay files in");
            for (final String m : models) {
                ms.add(ModelOption.parse(m.trim(), "--models"));
            }
            for (final String t : targets) {
                loaded.add(load(t));
            }
        } catch (ScenarioException | ClusterException e) {
            err.println("splicelab sweep: " + e.getMessage());
            return SplicelabCommand.EXIT_BAD_INPUT;
        } catch (UncheckedIOException | LitmusParseException e) {
            err.println(e.getMessage());
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        for (final HuntTarget t : loaded) {
            for (final KernelModel m : ms) {
                cells.add(new ClusterHunt.Cell(t, new Hunter.Options(m, "random".equals(strategy)
                    ? Hunter.StrategyKind.RANDOM : Hunter.StrategyKind.PCT, schedules, seed, depth, outDir, 1_000_000, 0,
                    null), t.name() + " under " + m.id()));
            }
        }
        final List<Work.Range> ranges = ClusterHunt.ranges(cells, cluster.on() ? cluster.range(HuntCommand.DEFAULT_RANGE)
            : schedules);
        out.println("sweep: " + loaded.size() + " target" + (loaded.size() == 1 ? "" : "s") + " x " + ms.size()
            + " model" + (ms.size() == 1 ? "" : "s") + ", " + strategy + ", up to " + schedules + " schedules per cell "
            + "from seed " + seed + (cluster.on() ? ", on the cluster at " + cluster.cluster + " in " + ranges.size()
            + " ranges" : ""));
        out.flush();
        final ClusterProgress progress = new ClusterProgress(out, "schedules");
        final ClusterJob.Outcome outcome;
        Interrupts.watch();
        try {
            if (cluster.on()) {
                try (ClusterNode node = cluster.join(out)) {
                    outcome = ClusterJob.run(node, ranges, progress, Interrupts::requested, cluster.workerWait(),
                        cluster.cluster);
                } catch (ClusterException e) {
                    err.println("splicelab sweep: " + e.getMessage());
                    return ClusterCommand.EXIT_INCOMPLETE;
                }
            } else {
                outcome = local(ranges, progress);
            }
            final Duration wall = outcome.elapsed();
            progress.summary(outcome);
            final List<ClusterHunt.CellResult> results = ClusterHunt.collect(cells, ranges, outcome, err);
            table(out, loaded, ms, results);
            boolean found = false;
            boolean unconfirmed = false;
            boolean incomplete = outcome.lost() != null || outcome.missing() > 0;
            for (final ClusterHunt.CellResult r : results) {
                if (r.found() != null) {
                    found = true;
                    unconfirmed |= !r.reproduced();
                    out.println(r.cell().label() + ": seed " + r.found().foundSeed() + ": " + String.join(", ",
                        r.found().findings()) + " -> " + r.replayPath() + (r.reproduced() ? " (replayed here: reproduced)"
                        : " (replayed here: DID NOT reproduce)"));
                }
                incomplete |= !r.failed().isEmpty();
                for (final Work.RangeResult f : r.failed()) {
                    out.println(r.cell().label() + ": FAILED range " + f.index() + " on " + f.node() + ": " + f.reason());
                }
            }
            out.printf("Swept %d cells in %.2f s%n", cells.size(), wall.toNanos() / 1e9);
            if (Interrupts.requested() != null) {
                out.println("INTERRUPTED by " + Interrupts.requested());
            }
            out.flush();
            return unconfirmed ? SplicelabCommand.EXIT_UNCONFIRMED : found ? SplicelabCommand.EXIT_CHECK_FAILED
                : incomplete ? ClusterCommand.EXIT_INCOMPLETE : Interrupts.requested() != null
                ? SplicelabCommand.EXIT_CHECK_FAILED : SplicelabCommand.EXIT_OK;
        } finally {
            Interrupts.unwatch();
        }
    }

    private HuntTarget load(final String t) {
        if (t.endsWith(".litmus")) {
            if (loopIterations != null) {
                throw new ScenarioException("--loop-iterations applies to scenario targets only, not to " + t);
            }
            return LitmusTarget.load(Path.of(t));
        }
        return ScenarioTarget.load(t, loopIterations);
    }

    /** The ranges run one after another on this machine, reported as a cluster's would be. */
    private static ClusterJob.Outcome local(final List<Work.Range> ranges, final ClusterJob.Listener progress) {
        final long t0 = System.nanoTime();
        final Work.RangeResult[] results = new Work.RangeResult[ranges.size()];
        try (RangeRunner runner = new RangeRunner("this machine")) {
            for (final Work.Range r : ranges) {
                results[r.index()] = Interrupts.requested() != null ? Work.RangeResult.notRun(r.index(),
                    "cancelled by " + Interrupts.requested()) : runner.run(r, Interrupts::requested);
                progress.reported(r, results[r.index()], r.index() + 1, ranges.size());
            }
        }
        return new ClusterJob.Outcome(Arrays.asList(results), null, 0, Duration.ofNanos(System.nanoTime() - t0));
    }

    private static void table(final PrintWriter out, final List<HuntTarget> targets, final List<KernelModel> models,
                              final List<ClusterHunt.CellResult> results) {
        final List<String[]> rows = new ArrayList<>();
        final String[] head = new String[models.size() + 1];
        head[0] = "target";
        for (int j = 0; j < models.size(); j++) {
            head[j + 1] = models.get(j).id();
        }
        rows.add(head);
        for (int i = 0; i < targets.size(); i++) {
            final String[] row = new String[models.size() + 1];
            row[0] = targets.get(i).name();
            for (int j = 0; j < models.size(); j++) {
                final ClusterHunt.CellResult r = results.get(i * models.size() + j);
                row[j + 1] = r.found() != null ? "FOUND at seed " + r.found().foundSeed()
                    : !r.failed().isEmpty() ? "FAILED (" + r.failed().size() + " range" + (r.failed().size() == 1 ? ""
                    : "s") + ")" : "nothing in " + r.schedules();
            }
            rows.add(row);
        }
        final int[] w = new int[head.length];
        for (final String[] row : rows) {
            for (int j = 0; j < row.length; j++) {
                w[j] = Math.max(w[j], row[j].length());
            }
        }
        for (final String[] row : rows) {
            final StringBuilder sb = new StringBuilder();
            for (int j = 0; j < row.length; j++) {
                sb.append(j == 0 ? "" : "  ").append(String.format("%-" + w[j] + "s", row[j]));
            }
            out.println(sb.toString().stripTrailing());
        }
    }
}
