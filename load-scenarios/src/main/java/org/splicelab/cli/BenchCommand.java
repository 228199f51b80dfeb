package org.splicelab.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.splicelab.protocols.KernelModel;
import org.splicelab.report.RunReport;
import org.splicelab.scenario.Scenario;
import org.splicelab.scenario.ScenarioException;
import org.splicelab.scenario.ScenarioParser;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code splicelab bench}: the simulator's page-move rate for file → pipe → /dev/null under {@code linux}
 * with every check on (generation checks, refcount audit, leak check, byte accounting), in pages/s.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Measures the simulator's page-move rate: N processes each splice 64 KiB of a cached file "
        + "into their own pipe and the pipe into /dev/null, under linux with every check on. Prints pages/s "
        + "moved by reference and the machine's core count."})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--processes", paramLabel = "N", defaultValue = "4", description = "processes (default ${DEFAULT-VALUE})")
    private int processes;

    @Option(names = "--duration", paramLabel = "D", defaultValue = "10s", description = "measured time (default ${DEFAULT-VALUE})")
    private String duration;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** The bench workload as a scenario (also what the test of this command runs). */
    static Scenario scenario(final int processes, final Duration duration) {
        final String text = "name = bench\n"
            + "description = \"file -> pipe -> /dev/null, 64 KiB splices, every check on\"\n"
            + "seed = 1\nduration = " + duration.toMillis() + "ms\n"
            + "files { data { size = 16MiB } }\n"
            + "roles { splicer {\n  count = " + processes + "\n"
            + "  pipes { p { size = 64KiB } }\n"
            + "  loop = [\n"
            + "    { op = splice, in = data, out = p.w, len = 64KiB, offset = random }\n"
            + "    { op = splice, in = p.r, out = devnull, len = 64KiB }\n"
            + "  ]\n} }\n";
        return ScenarioParser.parse("bench (built-in)", text);
    }

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Duration d;
        try {
            if (processes < 1) {
                throw new ScenarioException("--processes: expected at least 1, found " + processes);
            }
            d = RunOptions.duration(duration, "--duration");
        } catch (ScenarioException e) {
            err.println("splicelab bench: " + e.getMessage());
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        final Scenario s = scenario(processes, d);
        final RunReport r = RunOptions.runWithProgress(s, KernelModel.LINUX, err);
        final double pagesPerSecond = r.totals().pagesByReference() / r.seconds();
        out.printf("bench: file -> pipe -> /dev/null, 64 KiB splices, model linux, every check on%n");
        out.printf("  processes        %d%n", processes);
        out.printf("  cores            %d%n", r.cores());
        out.printf("  seconds          %.2f%n", r.seconds());
        out.printf("  syscalls/s       %,.0f%n", r.totals().syscalls() / r.seconds());
        out.printf("  pages/s          %,.0f   (moved by reference into pipes)%n", pagesPerSecond);
        out.printf("  MiB/s            %,.0f%n", r.totals().bytesByReference() / r.seconds() / (1 << 20));
        r.latencies().forEach((k, l) -> out.printf("  %-16s p50 %.0f us, p99 %.0f us, p999 %.0f us%n", k, l.p50(),
            l.p99(), l.p999()));
        out.printf("  violations %d, leaked pages %d, bytes balanced %s%n",
            r.violations().values().stream().mapToLong(Long::longValue).sum(), r.leakedPages(),
            r.accounting().balanced());
        out.flush();
        return r.passed() ? SplicelabCommand.EXIT_OK : SplicelabCommand.EXIT_CHECK_FAILED;
    }
}
