package org.splicelab.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.splicelab.cluster.ClusterException;
import org.splicelab.cluster.ClusterJob;
import org.splicelab.cluster.ClusterNode;
import org.splicelab.cluster.Work;
import org.splicelab.actors.deterministic.DeterministicRuntime;
import org.splicelab.hunt.HuntTarget;
import org.splicelab.hunt.Hunter;
import org.splicelab.hunt.LitmusTarget;
import org.splicelab.hunt.Replayer;
import org.splicelab.hunt.ScenarioTarget;
import org.splicelab.hunt.StressHunter;
import org.splicelab.litmus.LitmusParseException;
import org.splicelab.protocols.KernelModel;
import org.splicelab.scenario.ScenarioException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code splicelab hunt}: race hunting on the deterministic runtime, or (--stress) on real threads. */
@Command(name = "hunt", mixinStandardHelpOptions = true, versionProvider = SplicelabCommand.Version.class,
    description = {"Explores schedules of TARGET on the deterministic runtime (every actor on one seeded thread; "
        + "which actor steps next and which sender's message it takes are choices; with --memory-points also where a "
        + "step is suspended inside a memory operation) until a violation or a failed "
        + "condition, then writes DIR/<name>-<seed>.replay and prints the trace. With --stress, runs TARGET on the "
        + "real multi-threaded dispatcher instead (jcstress-style outcome counts) and, when that finds something, "
        + "looks for a replayable witness with the deterministic hunter.",
        "TARGET is a .litmus file or a scenario (a built-in name, see `splicelab list`, or a scenario .conf file). "
            + "A scenario schedule runs every process for --loop-iterations iterations of its loop (default: the "
            + "scenario's `iterations`, else 3) instead of for a duration; the scenario's duration (default 10s) is "
            + "only a time limit on the virtual clock, which runs while every actor waits (think times, faults, "
            + "blocked processes), and a role's rate becomes a think time. It finds something when the run reports "
            + "a violation (a leak is one), a process fails, the bytes do not balance or a process is still blocked "
            + "when nothing else can move (a deadlock: a lost wake-up looks like this).",
        "Exit 1 when something was found, 0 when nothing was, 2 on bad input, 3 when a finding's confirming replay "
            + "did not reproduce it (nondeterminism: a failure of the hunt, not a finding)."})
public final class HuntCommand implements Callable<Integer> {
    @Parameters(paramLabel = "TARGET", description = "a .litmus file, a built-in scenario name or a scenario .conf file")
    private String target;

    @Mixin
    private ModelOption model;

    @Option(names = "--loop-iterations", paramLabel = "N",
        description = "scenario targets: iterations of every process's loop per schedule (default: the scenario's "
            + "`iterations`, else " + ScenarioTarget.DEFAULT_LOOP_ITERATIONS + ")")
    private Long loopIterations;

    @Option(names = "--strategy", paramLabel = "random|pct", defaultValue = "pct",
        description = "schedule strategy: uniform random choices, or PCT(d, k) over processes (each process and the "
            + "messages it sets off share a random priority; d - 1 priority changes over the whole run; k learned "
            + "from the runs; default ${DEFAULT-VALUE})")
    private String strategy;

    @Option(names = "--pct-depth", paramLabel = "D", defaultValue = "3",
        description = "PCT's bug depth d (d - 1 priority change points; default ${DEFAULT-VALUE})")
    private int depth;

    @Option(names = "--pct-k", paramLabel = "K",
        description = "PCT's k (chain choices among which change points are drawn) fixed to K, to re-run one schedule "
            + "(a replay file says which); default: learned from the runs, the most any schedule made so far")
    private Integer pctK;

    @Option(names = "--memory-points", negatable = true,
        description = "explore memory-level choice points: every actor step runs on a controlled worker thread and "
            + "can be suspended inside a page-cache or address-space operation (between a lookup's load and its "
            + "reference, between a steal's check and its removal, ...) while another step runs, so a lookup racing "
            + "a steal is a recorded, replayable choice. Default: on for the racy models (private-pages-racy, "
            + "lookup-no-recheck), off otherwise; --no-memory-points turns it off")
    private Boolean memoryPoints;

    @Option(names = "--schedules", paramLabel = "N", defaultValue = "10000",
        description = "at most N schedules (default ${DEFAULT-VALUE})")
    private long schedules;

    @Option(names = "--seed", paramLabel = "S",
        description = "seed of the first schedule (schedule i uses S + i; default: from the clock, printed)")
    private Long seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "replays",
        description = "where the replay file goes (default ${DEFAULT-VALUE})")
    private Path outDir;

    @Mixin
    private TraceOptions trace;

    @Mixin
    private ClusterOptions cluster;

    @Option(names = "--stress", description = "run on the real multi-threaded dispatcher (memory-level races)")
    private boolean stress;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "10000",
        description = "--stress: iterations, each one run of the target (default ${DEFAULT-VALUE})")
    private long iterations;

    @Option(names = "--time", paramLabel = "SECONDS", defaultValue = "60",
        description = "--stress: stop after this long at most (default ${DEFAULT-VALUE})")
    private int seconds;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (!"pct".equals(strategy) && !"random".equals(strategy)) {
            err.println("splicelab hunt: --strategy must be random or pct, not '" + strategy + "'");
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        final String tooSmall = atLeastOne("--schedules", schedules) != null ? atLeastOne("--schedules", schedules)
            : atLeastOne("--pct-depth", depth) != null ? atLeastOne("--pct-depth", depth)
            : pctK != null && pctK < 1 ? atLeastOne("--pct-k", pctK)
            : atLeastOne("--iterations", iterations) != null ? atLeastOne("--iterations", iterations)
            : loopIterations != null && loopIterations < 1 ? atLeastOne("--loop-iterations", loopIterations)
            : seconds < 1 ? "--time: expected a whole number of seconds >= 1, found " + seconds : null;
        if (tooSmall != null) {
            err.println("splicelab hunt: " + tooSmall);
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        try {
            OutputPaths.checkDirectory(outDir, "--out", "to write the replay file in");
        } catch (ScenarioException e) {
            err.println("splicelab hunt: " + e.getMessage());
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        final HuntTarget t;
        final KernelModel fileModel;
        if (target.endsWith(".litmus")) {
            if (loopIterations != null) {
                err.println("splicelab hunt: --loop-iterations applies to scenario targets only, not to " + target);
                return SplicelabCommand.EXIT_BAD_INPUT;
            }
            try {
                final LitmusTarget l = LitmusTarget.load(Path.of(target));
                t = l;
                fileModel = l.defaultModel();
            } catch (UncheckedIOException | LitmusParseException e) {
                err.println(e.getMessage());
                return SplicelabCommand.EXIT_BAD_INPUT;
            }
        } else {
            try {
                final ScenarioTarget sc = ScenarioTarget.load(target, loopIterations);
                t = sc;
                fileModel = sc.defaultModel();
            } catch (ScenarioException e) {
                err.println("splicelab hunt: " + e.getMessage());
                return SplicelabCommand.EXIT_BAD_INPUT;
            }
        }
        final KernelModel m;
        try {
            m = model.orElse(fileModel);
        } catch (ScenarioException e) {
            err.println("splicelab hunt: " + e.getMessage());
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        final long s = seed != null ? seed : System.nanoTime() & 0xFFFF_FFFFL;
        final Hunter.Options options = new Hunter.Options(m, "random".equals(strategy) ? Hunter.StrategyKind.RANDOM
            : Hunter.StrategyKind.PCT, schedules, s, depth, outDir, 1_000_000, pctK == null ? 0 : pctK, memoryPoints);
        if (stress) {
            if (cluster.on()) {
                err.println("splicelab hunt: --stress runs on this machine's threads and does not take --cluster");
                return SplicelabCommand.EXIT_BAD_INPUT;
            }
            return stress(t, options, out);
        }
        if (cluster.on() || cluster.range != null) {
            return onCluster(t, options, out, err);
        }
        out.println("hunt: " + t.name() + " (" + t.reference() + ") under " + m.id() + ", " + strategy
            + (options.memoryPointsOn() ? " with memory points" : "") + ", seed " + s + ", up to " + schedules
            + " schedules" + perProcess(t));
        out.flush();
        Interrupts.watch();
        try (DeterministicRuntime runtime = new DeterministicRuntime()) {
            final Hunter.Report r = new Hunter(runtime).stopWhen(Interrupts::requested).hunt(t, options);
            if (r.foundSomething() && !trace.quiet) {
                out.print(trace.messages ? Replayer.render(t, m, options.strategy().id() + " seed " + r.found().seed(),
                    r.found().confirmation(), true) : r.found().trace());
            }
            out.println(r.summary());
            out.flush();
            return exitCode(r);
        } finally {
            Interrupts.unwatch();
        }
    }

    private int onCluster(final HuntTarget t, final Hunter.Options o, final PrintWriter out, final PrintWriter err) {
        final String bad = cluster.check(DEFAULT_RANGE);
        if (bad != null) {
            err.println("splicelab hunt: " + bad);
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        final List<ClusterHunt.Cell> cells = List.of(new ClusterHunt.Cell(t, o, t.name() + " under " + o.model().id()));
        final List<Work.Range> ranges;
        try {
            ranges = ClusterHunt.ranges(cells, cluster.range(DEFAULT_RANGE));
        } catch (ClusterException e) {
            err.println("splicelab hunt: " + e.getMessage());
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        out.println("hunt: " + t.name() + " (" + t.reference() + ") under " + o.model().id() + ", " + strategy
            + (o.memoryPointsOn() ? " with memory points" : "") + ", seed " + o.seed() + ", up to " + o.schedules()
            + " schedules" + perProcess(t) + ", on the cluster at " + cluster.cluster + " in " + ranges.size()
            + " range" + (ranges.size() == 1 ? "" : "s") + " of up to " + cluster.range(DEFAULT_RANGE));
        out.flush();
        final ClusterProgress progress = new ClusterProgress(out, "schedules");
        final ClusterJob.Outcome outcome;
        Interrupts.watch();
        try (ClusterNode node = cluster.join(out)) {
            outcome = ClusterJob.run(node, ranges, progress, Interrupts::requested, cluster.workerWait(),
                cluster.cluster);
        } catch (ClusterException e) {
            err.println("splicelab hunt: " + e.getMessage());
            Interrupts.unwatch();
            return ClusterCommand.EXIT_INCOMPLETE;
        }
        try {
            final Duration wall = outcome.elapsed();
            progress.summary(outcome);
            final ClusterHunt.CellResult r = ClusterHunt.collect(cells, ranges, outcome, err).get(0);
            if (r.found() != null && !trace.quiet) {
                out.print(Replayer.render(t, o.model(), "replay of " + r.replayPath().getFileName(), r.local(),
                    trace.messages));
            }
            out.println(ClusterHunt.summary(r, wall));
            if (Interrupts.requested() != null) {
                out.println("INTERRUPTED by " + Interrupts.requested());
            }
            out.flush();
            if (r.found() != null) {
                return r.reproduced() ? SplicelabCommand.EXIT_CHECK_FAILED : SplicelabCommand.EXIT_UNCONFIRMED;
            }
            if (outcome.lost() != null || !r.failed().isEmpty() || outcome.missing() > 0) {
                return ClusterCommand.EXIT_INCOMPLETE;
            }
            return Interrupts.requested() != null ? SplicelabCommand.EXIT_CHECK_FAILED : SplicelabCommand.EXIT_OK;
        } finally {
            Interrupts.unwatch();
        }
    }

    /** Schedules per cluster range unless --range says otherwise. */
    static final long DEFAULT_RANGE = 200;

    /**
     * The exit status of a deterministic hunt: 3 when its finding was not confirmed by the replay (a
     * failure of the hunt, not a finding), 1 when something was found or the hunt was interrupted, else 0.
     */
    static int exitCode(final Hunter.Report r) {
        if (r.failed()) {
            return SplicelabCommand.EXIT_UNCONFIRMED;
        }
        return r.foundSomething() || r.interrupted() != null ? SplicelabCommand.EXIT_CHECK_FAILED
            : SplicelabCommand.EXIT_OK;
    }

    private static String atLeastOne(final String option, final long value) {
        return value < 1 ? option + ": expected a whole number >= 1, found " + value : null;
    }

    /** For a scenario: how many loop iterations each process runs. */
    private static String perProcess(final HuntTarget t) {
        return t instanceof ScenarioTarget sc ? ", " + sc.loopIterations() + " loop iteration"
            + (sc.loopIterations() == 1 ? "" : "s") + " per process" : "";
    }

    private int stress(final HuntTarget t, final Hunter.Options options, final PrintWriter out) {
        out.println("hunt --stress: " + t.name() + " under " + options.model().id() + ", seed " + options.seed()
            + perProcess(t));
        out.flush();
        final StressHunter.Report r;
        Interrupts.watch();
        try {
            try (StressHunter hunter = new StressHunter().stopWhen(Interrupts::requested)) {
                r = hunter.hunt(t, new StressHunter.Options(options.model(), iterations, options.seed(),
                    Duration.ofSeconds(seconds)));
            }
            out.print(r.render());
            if (Interrupts.requested() != null) {
                out.println("INTERRUPTED by " + Interrupts.requested() + " after " + r.iterations() + " iterations");
            }
            out.flush();
        } finally {
            Interrupts.unwatch();
        }
        if (Interrupts.requested() != null) {
            return SplicelabCommand.EXIT_CHECK_FAILED;
        }
        if (!r.found()) {
            return SplicelabCommand.EXIT_OK;
        }
        out.println("Not replayable (real threads). Looking for a replayable witness with the deterministic hunter "
            + "(seed " + options.seed() + ", up to " + options.schedules() + " schedules)...");
        out.flush();
        try (DeterministicRuntime runtime = new DeterministicRuntime()) {
            final Hunter.Report d = new Hunter(runtime).hunt(t, options);
            out.println(d.summary());
            if (d.failed()) {
                return SplicelabCommand.EXIT_UNCONFIRMED;
            }
        }
        return SplicelabCommand.EXIT_CHECK_FAILED;
    }
}
