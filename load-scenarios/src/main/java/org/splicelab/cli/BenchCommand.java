package org.splicelab.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.splicelab.kernel.KernelBench;
import org.splicelab.protocols.KernelModel;
import org.splicelab.report.RunReport;
import org.splicelab.scenario.Scenario;
import org.splicelab.scenario.ScenarioException;
import org.splicelab.scenario.Limits;
import org.splicelab.scenario.ScenarioBudget;
import org.splicelab.scenario.ScenarioParser;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code splicelab bench}: the simulator's page-move rate for file → pipe → /dev/null under {@code linux}
 * with every check on (generation checks, refcount audit, leak check, byte accounting), in pages/s.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = SplicelabCommand.Version.class,
    description = {"Measures the simulator's page-move rate: N processes each splice 64 KiB of a cached file "
        + "into their own pipe and the pipe into /dev/null, under linux with every check on. Prints the steady "
        + "pages/s after a warm-up, then the host kernel's rate for the same pipeline (real splice calls), "
        + "round after round."})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--processes", paramLabel = "N", defaultValue = "4", description = "processes (default ${DEFAULT-VALUE})")
    private int processes;

    @Option(names = "--duration", paramLabel = "D", defaultValue = "10s",
        description = "measured time, after the warm-up (default ${DEFAULT-VALUE})")
    private String duration;

    @Option(names = "--warmup", paramLabel = "D", defaultValue = "3s",
        description = "time run first and left out of the steady-state rate (default ${DEFAULT-VALUE})")
    private String warmup;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "1",
        description = "rounds, each the simulator then the kernel, interleaved (default ${DEFAULT-VALUE})")
    private int rounds;

    @Option(names = "--no-kernel", negatable = false,
        description = "do not measure the host kernel's rate for the same pipeline")
    private boolean noKernel;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** The bench workload as a scenario (also what the test of this command runs). */
    static Scenario scenario(final int processes, final Duration duration) {
        return scenario(processes, duration, true);
    }

    /** The bench workload; {@code checked}: refused (with the scenario's own words) when it does not fit. */
    private static Scenario scenario(final int processes, final Duration duration, final boolean checked) {
        final String text = "name = bench\n"
            + "description = \"file -> pipe -> /dev/null, 64 KiB splices, every check on\"\n"
            + "seed = 1\nduration = " + duration.toMillis() + "ms\nsample-interval = 250ms\n"
            + "files { data { size = 16MiB } }\n"
            + "roles { splicer {\n  count = " + processes + "\n"
            + "  pipes { p { size = 64KiB } }\n"
            + "  loop = [\n"
            + "    { op = splice, in = data, out = p.w, len = 64KiB, offset = random }\n"
            + "    { op = splice, in = p.r, out = devnull, len = 64KiB }\n"
            + "  ]\n} }\n";
        return checked ? ScenarioParser.parse("bench (built-in)", text) : ScenarioParser.parseUnchecked(
            "bench (built-in)", text);
    }

    /** Pages/s by reference over the samples that start at or after {@code warmupSeconds}. */
    static double steadyPagesPerSecond(final RunReport r, final double warmupSeconds) {
        long pages = 0;
        double from = -1;
        double to = 0;
        double previous = 0;
        for (final RunReport.Sample sample : r.timeline()) {
            if (previous >= warmupSeconds) {
                pages += sample.pagesByReference();
                from = from < 0 ? previous : from;
                to = sample.t();
            }
            previous = sample.t();
        }
        return from < 0 || to <= from ? 0 : pages / (to - from);
    }

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Duration d;
        final Duration w;
        try {
            if (processes < 1 || processes > Limits.MAX_COUNT) {
                throw new ScenarioException("--processes: expected a whole number from 1 to " + Limits.MAX_COUNT
                    + ", found " + processes);
            }
            if (rounds < 1 || rounds > 100) {
                throw new ScenarioException("--rounds: expected a whole number from 1 to 100, found " + rounds);
            }
            final ScenarioBudget.Excess x = ScenarioBudget.heapExcess(scenario(processes, Duration.ofSeconds(1), false));
            if (x != null) {
                throw new ScenarioException("--processes: " + x.explain(Integer.toString(processes)));
            }
            d = RunOptions.duration(duration, "--duration");
            w = RunOptions.duration(warmup, "--warmup", Duration.ZERO);
            if (d.plus(w).compareTo(org.splicelab.scenario.Durations.MAX) > 0) {
                throw new ScenarioException("--duration plus --warmup: expected at most "
                    + org.splicelab.scenario.Durations.format(org.splicelab.scenario.Durations.MAX) + ", found "
                    + org.splicelab.scenario.Durations.format(d.plus(w)));
            }
        } catch (ScenarioException e) {
            err.println("splicelab bench: " + e.getMessage());
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        final List<Double> simulated = new ArrayList<>();
        final List<Double> kernel = new ArrayList<>();
        String kernelProblem = null;
        boolean passed = true;
        for (int round = 1; round <= rounds; round++) {
            final RunReport r = RunOptions.runWithProgress(scenario(processes, w.plus(d)), KernelModel.LINUX, err);
            passed &= r.passed();
            final double steady = steadyPagesPerSecond(r, w.toMillis() / 1000.0);
            simulated.add(steady);
            print(out, round, r, steady, w);
            if (!noKernel && kernelProblem == null) {
                try {
                    final double k = KernelBench.run(processes, w.toNanos(), d.toNanos());
                    kernel.add(k);
                    out.printf("  kernel           %,.0f pages/s   (real splice(2) calls, %d threads, same pipeline,"
                        + " via JNA, after the same warm-up)%n", k, processes);
                } catch (KernelBench.Unavailable e) {
                    kernelProblem = e.getMessage();
                    out.printf("  kernel           not measured: %s%n", kernelProblem);
                }
            }
            out.flush();
        }
        if (rounds > 1 || !kernel.isEmpty()) {
            out.printf("summary over %d round(s), interleaved (simulator, then kernel):%n", rounds);
            out.printf("  simulator        %s pages/s%n", Spread.labelled(simulated, "%,.0f"));
            if (!kernel.isEmpty()) {
                out.printf("  kernel           %s pages/s%n", Spread.labelled(kernel, "%,.0f"));
                out.printf("  ratio            %.2f (median simulator / median kernel)%n",
                    Spread.median(simulated) / Spread.median(kernel));
            }
        }
        out.flush();
        return passed ? SplicelabCommand.EXIT_OK : SplicelabCommand.EXIT_CHECK_FAILED;
    }

    private void print(final PrintWriter out, final int round, final RunReport r, final double steady, final Duration w) {
        out.printf("bench round %d: file -> pipe -> /dev/null, 64 KiB splices, model linux, every check on%n", round);
        out.printf("  processes        %d%n", processes);
        out.printf("  cores            %d%n", r.cores());
        out.printf("  seconds          %.2f (warm-up %.1f s excluded from the steady rate)%n", r.seconds(),
            w.toMillis() / 1000.0);
        out.printf("  syscalls/s       %,.0f (whole run)%n", r.totals().syscalls() / r.seconds());
        out.printf("  pages/s          %,.0f   (steady state, moved by reference into pipes; whole run %,.0f)%n",
            steady, r.totals().pagesByReference() / r.seconds());
        out.printf("  MiB/s            %,.0f%n", steady * 4096 / (1 << 20));
        r.latencies().forEach((k, l) -> out.printf("  %-16s p50 %.0f us, p99 %.0f us, p999 %.0f us%n", k, l.p50(),
            l.p99(), l.p999()));
        out.printf("  violations %d, leaked pages %d, bytes balanced %s%n",
            r.violations().values().stream().mapToLong(Long::longValue).sum(), r.leakedPages(),
            r.accounting().balanced());
    }
}
