package org.splicelab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.splicelab.actors.deterministic.DeterministicRuntime;
import org.splicelab.cluster.ClusterException;
import org.splicelab.cluster.ClusterJob;
import org.splicelab.cluster.Work;
import org.splicelab.hunt.HuntTarget;
import org.splicelab.hunt.Hunter;
import org.splicelab.hunt.LitmusTarget;
import org.splicelab.hunt.ReplayFile;
import org.splicelab.hunt.Replayer;
import org.splicelab.hunt.ScenarioTarget;

/**
 * Hunts as cluster ranges: one cell per (target, model), each cut into ranges of schedules; and what
 * comes back, per cell: the totals, the earliest finding (written to {@code --out} with every other one,
 * then replayed here to show it reproduces on this machine), and the ranges that failed.
 */
final class ClusterHunt {
    private ClusterHunt() {
    }

    /** One hunt: a target under a model with the hunt's options. */
    record Cell(HuntTarget target, Hunter.Options options, String label) {
    }

    /** What a cell's ranges did, and its finding replayed here (null when nothing was found). */
    record CellResult(Cell cell, long schedules, long steps, long decisions, double seconds, int pctSteps, int chains,
                      int ranges, Work.RangeResult found, Path replayPath, ReplayFile replay,
                      Replayer.Replayed local, List<Work.RangeResult> failed, long notRun) {
        /** The finding reproduced here, from its replay file. */
        boolean reproduced() {
            return local != null && local.divergence() == null && local.reproduces(found.findings());
        }
    }

    /** The spec that carries {@code t}'s text to the workers. */
    static Work.HuntSpec spec(final HuntTarget t, final Hunter.Options o) {
        final String text;
        Long loop = null;
        if (t instanceof LitmusTarget l) {
            text = l.text();
        } else if (t instanceof ScenarioTarget sc) {
            text = sc.text();
            loop = sc.loopIterations();
        } else {
            throw new ClusterException("only .litmus and scenario targets travel to a cluster, not " + t.reference());
        }
        return new Work.HuntSpec(t.reference(), text, loop, o.model().id(), o.strategy().id(), o.pctDepth(),
            o.pctSteps(), o.memoryPoints());
    }

    /** Every cell's schedules {@code o.seed()..} cut into ranges of {@code size}, cell after cell. */
    static List<Work.Range> ranges(final List<Cell> cells, final long size) {
        final List<Work.Range> out = new ArrayList<>();
        for (int c = 0; c < cells.size(); c++) {
            final Cell cell = cells.get(c);
            final Work.HuntSpec spec = spec(cell.target(), cell.options());
            final long seed = cell.options().seed();
            for (long done = 0; done < cell.options().schedules(); done += size) {
                out.add(new Work.Range(out.size(), c, cell.label(), Work.Kind.HUNT, seed + done,
                    Math.min(size, cell.options().schedules() - done), spec, null));
            }
        }
        return out;
    }

    /** Per cell: totals, replay files written to each cell's out dir, the earliest finding replayed here. */
    static List<CellResult> collect(final List<Cell> cells, final List<Work.Range> ranges, final ClusterJob.Outcome o,
                                    final PrintWriter err) {
        final List<CellResult> out = new ArrayList<>();
        try (DeterministicRuntime runtime = new DeterministicRuntime()) {
            for (int c = 0; c < cells.size(); c++) {
                final Cell cell = cells.get(c);
                long schedules = 0;
                long steps = 0;
                long decisions = 0;
                double seconds = 0;
                int k = 0;
                int n = 0;
                int count = 0;
                long notRun = 0;
                Work.RangeResult first = null;
                Path firstPath = null;
                ReplayFile firstFile = null;
                final List<Work.RangeResult> failed = new ArrayList<>();
                for (final Work.Range r : ranges) {
                    if (r.cell() != c) {
                        continue;
                    }
                    count++;
                    final Work.RangeResult res = o.results().get(r.index());
                    if (res == null || res.status() == Work.Status.NOT_RUN) {
                        notRun++;
                        continue;
                    }
                    schedules += res.ran();
                    steps += res.steps();
                    decisions += res.decisions();
                    seconds += res.seconds();
                    k = Math.max(k, res.pctSteps());
                    n = Math.max(n, res.chains());
                    if (res.status() == Work.Status.FAILED) {
                        failed.add(res);
                    }
                    if (res.replayText() == null || cell.options().outDir() == null) {
                        continue;
                    }
                    final ReplayFile f = ReplayFile.parse(res.replayFileName(), res.replayText());
                    Path p = f.pathIn(cell.options().outDir());
                    if (res.status() != Work.Status.FOUND) {
                        p = p.resolveSibling(p.getFileName().toString().replace(".replay", ".diverged.replay"));
                    }
                    try {
                        f.write(p);
                    } catch (RuntimeException e) {
                        err.println("splicelab: cannot write " + p + ": " + e.getMessage());
                        continue;
                    }
                    if (res.status() == Work.Status.FOUND && (first == null || res.foundSeed() < first.foundSeed())) {
                        first = res;
                        firstPath = p;
                        firstFile = f;
                    }
                }
                final Replayer.Replayed local = firstFile == null ? null : Replayer.replay(runtime, cell.target(),
                    cell.options().model(), firstFile.decisions(), true, firstFile.memoryPoints());
                out.add(new CellResult(cell, schedules, steps, decisions, seconds, k, n, count, first, firstPath,
                    firstFile, local, failed, notRun));
            }
        }
        return out;
    }

    /** The hunt's summary, as a local hunt's, with where it ran. */
    static String summary(final CellResult r, final Duration wall) {
        final Hunter.Options o = r.cell().options();
        final StringBuilder sb = new StringBuilder();
        sb.append(String.format("Hunted %s under %s on the cluster: %d schedule%s (%s, seeds from %d, %d ranges), %d "
                + "steps, %d choices in %.2f s = %.0f schedules/s (%.2f s of worker time)", r.cell().target().name(),
            o.model().id(), r.schedules(), r.schedules() == 1 ? "" : "s", strategy(o, r.pctSteps()), o.seed(), r.ranges(),
            r.steps(), r.decisions(), wall.toNanos() / 1e9, r.schedules() / Math.max(1e-9, wall.toNanos() / 1e9),
            r.seconds()));
        final String bound = new Hunter.Report(r.cell().target(), o, Math.max(1, r.pctSteps()), Math.max(1, r.chains()),
            r.schedules(), r.steps(), r.decisions(), wall, null).bound();
        if (!bound.isEmpty()) {
            sb.append('\n').append(bound);
        }
        for (final Work.RangeResult f : r.failed()) {
            sb.append("\nFAILED range ").append(f.index()).append(" on ").append(f.node()).append(": ").append(f.reason());
        }
        if (r.found() == null) {
            sb.append(r.failed().isEmpty() ? "\nFound nothing." : "\nFound nothing in the ranges that ran.");
            return sb.toString();
        }
        sb.append("\nFound at seed ").append(r.found().foundSeed()).append(" on ").append(r.found().node()).append(": ")
            .append(String.join(", ", r.found().findings()));
        sb.append("\nReplay file: ").append(r.replayPath());
        sb.append(r.reproduced() ? "\nReplayed here from the replay file: reproduced (" + String.join(", ",
                r.local().outcome().findings()) + ")"
            : "\nFAILED: replayed here from the replay file, it did not reproduce (" + (r.local().divergence() != null
                ? "it left the recorded schedule: " + r.local().divergence() : "it found " + r.local().outcome()
                .findings()) + "): nondeterminism between nodes, not a finding");
        return sb.toString();
    }

    private static String strategy(final Hunter.Options o, final int k) {
        return (o.strategy() == Hunter.StrategyKind.PCT ? "pct d=" + o.pctDepth() + " k=" + k
            + (o.pctSteps() > 0 ? " (fixed)" : " (learned per range)") : o.strategy().id())
            + (o.memoryPointsOn() ? ", memory points" : "");
    }
}
