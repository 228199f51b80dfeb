package org.splicelab.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.splicelab.actors.deterministic.DeterministicRuntime;
import org.splicelab.hunt.Hunter;
import org.splicelab.hunt.LitmusTarget;
import org.splicelab.hunt.StressHunter;
import org.splicelab.litmus.LitmusParseException;
import org.splicelab.litmus.LitmusRunner;
import org.splicelab.protocols.KernelModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code splicelab hunt}: race hunting on the deterministic runtime, or (--stress) on real threads. */
@Command(name = "hunt", mixinStandardHelpOptions = true,
    description = {"Explores schedules of TARGET on the deterministic runtime (every actor on one seeded thread; "
        + "which actor steps next and which sender's message it takes are choices) until a violation or a failed "
        + "condition, then writes DIR/<name>-<seed>.replay and prints the trace. With --stress, runs TARGET on the "
        + "real multi-threaded dispatcher instead (jcstress-style outcome counts) and, when that finds something, "
        + "looks for a replayable witness with the deterministic hunter.",
        "Exit 1 when something was found, 0 when nothing was, 2 on bad input."})
public final class HuntCommand implements Callable<Integer> {
    @Parameters(paramLabel = "TARGET", description = "a .litmus file (scenarios come later: only .litmus files are "
        + "accepted for now)")
    private Path target;

    @Option(names = "--model", paramLabel = "M", description = "kernel model (default: the file's `model`, else linux)")
    private String model;

    @Option(names = "--strategy", paramLabel = "random|pct", defaultValue = "pct",
        description = "schedule strategy: uniform random choices, or PCT(d, k) (default ${DEFAULT-VALUE})")
    private String strategy;

    @Option(names = "--pct-depth", paramLabel = "D", defaultValue = "3",
        description = "PCT's bug depth d (d - 1 priority change points; default ${DEFAULT-VALUE})")
    private int depth;

    @Option(names = "--schedules", paramLabel = "N", defaultValue = "10000",
        description = "at most N schedules (default ${DEFAULT-VALUE})")
    private long schedules;

    @Option(names = "--seed", paramLabel = "S",
        description = "seed of the first schedule (schedule i uses S + i; default: from the clock, printed)")
    private Long seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "replays",
        description = "where the replay file goes (default ${DEFAULT-VALUE})")
    private Path outDir;

    @Option(names = "--quiet", description = "do not print the trace")
    private boolean quiet;

    @Option(names = "--stress", description = "run on the real multi-threaded dispatcher (memory-level races)")
    private boolean stress;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "10000",
        description = "--stress: iterations (default ${DEFAULT-VALUE})")
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
        if (!target.toString().endsWith(".litmus")) {
            err.println("splicelab hunt: TARGET must be a .litmus file for now (scenarios come later): " + target);
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        if (!"pct".equals(strategy) && !"random".equals(strategy)) {
            err.println("splicelab hunt: --strategy must be random or pct, not '" + strategy + "'");
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        if (schedules < 1 || depth < 1 || iterations < 1 || seconds < 1) {
            err.println("splicelab hunt: --schedules, --pct-depth, --iterations and --time must be at least 1");
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        final LitmusTarget t;
        try {
            t = LitmusTarget.load(target);
        } catch (UncheckedIOException | LitmusParseException e) {
            err.println(e.getMessage());
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        final KernelModel m;
        try {
            m = model != null ? KernelModel.fromId(model) : t.defaultModel();
        } catch (IllegalArgumentException e) {
            err.println("splicelab hunt: --model: " + e.getMessage());
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        if (!LitmusRunner.IMPLEMENTED.contains(m)) {
            err.println("splicelab hunt: model " + m.id() + " is not implemented yet");
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        final long s = seed != null ? seed : System.nanoTime() & 0xFFFF_FFFFL;
        final Hunter.Options options = new Hunter.Options(m, "random".equals(strategy) ? Hunter.StrategyKind.RANDOM
            : Hunter.StrategyKind.PCT, schedules, s, depth, outDir, 1_000_000);
        if (stress) {
            return stress(t, options, out);
        }
        out.println("hunt: " + t.name() + " (" + t.reference() + ") under " + m.id() + ", " + strategy
            + ", seed " + s + ", up to " + schedules + " schedules");
        out.flush();
        try (DeterministicRuntime runtime = new DeterministicRuntime()) {
            final Hunter.Report r = new Hunter(runtime).hunt(t, options);
            if (r.found() != null && !quiet) {
                out.print(r.found().trace());
            }
            out.println(r.summary());
            return r.found() != null ? SplicelabCommand.EXIT_CHECK_FAILED : SplicelabCommand.EXIT_OK;
        }
    }

    private int stress(final LitmusTarget t, final Hunter.Options options, final PrintWriter out) {
        out.println("hunt --stress: " + t.name() + " under " + options.model().id() + ", seed " + options.seed());
        out.flush();
        final StressHunter.Report r;
        try (StressHunter hunter = new StressHunter()) {
            r = hunter.hunt(t, new StressHunter.Options(options.model(), iterations, options.seed(),
                Duration.ofSeconds(seconds)));
        }
        out.print(r.render());
        if (!r.found()) {
            return SplicelabCommand.EXIT_OK;
        }
        out.println("Not replayable (real threads). Looking for a replayable witness with the deterministic hunter "
            + "(seed " + options.seed() + ", up to " + options.schedules() + " schedules)...");
        out.flush();
        try (DeterministicRuntime runtime = new DeterministicRuntime()) {
            final Hunter.Report d = new Hunter(runtime).hunt(t, options);
            out.println(d.summary());
        }
        return SplicelabCommand.EXIT_CHECK_FAILED;
    }
}
