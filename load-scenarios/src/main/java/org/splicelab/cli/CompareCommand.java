package org.splicelab.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.splicelab.protocols.KernelModel;
import org.splicelab.report.ReportWriter;
import org.splicelab.report.RunReport;
import org.splicelab.report.SummaryTable;
import org.splicelab.scenario.Scenario;
import org.splicelab.scenario.ScenarioException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code splicelab compare}: one scenario, one seed, several models, side by side. */
@Command(name = "compare", mixinStandardHelpOptions = true, versionProvider = SplicelabCommand.Version.class,
    description = {"Runs the same scenario and seed under each model and prints one table with a column per "
        + "model (and, with --report, one HTML page), after a warm-up of each model that is not measured; "
        + "with --repeat N the models run in N interleaved rounds and each timing is a median with its spread. "
        + "Exit 0 when every run passed, 1 otherwise, 2 on bad input."})
public final class CompareCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SCENARIO|FILE", description = "built-in scenario name or scenario file")
    private String target;

    @Option(names = "--models", required = true, split = ",", paramLabel = "a,b,c",
        description = "models to compare, e.g. linux,private-pages,copy")
    private List<String> models;

    @Mixin
    private ScenarioOptions options;

    @Mixin
    private ProfileOption profile;

    private org.splicelab.report.KernelProfile costs;

    @Option(names = "--warmup", paramLabel = "D", defaultValue = "2s",
        description = "before anything is measured, each model runs this long and is thrown away (the JVM's "
            + "compilation, caches); 0s for none (default ${DEFAULT-VALUE})")
    private String warmup;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
        description = "measured rounds; each runs every model, one model later each round (a b c, b c a, ...), "
            + "and each timing is reported as median with min and max (default ${DEFAULT-VALUE})")
    private int repeat;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    private Duration warm;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Scenario scenario;
        final List<KernelModel> ms = new ArrayList<>();
        try {
            scenario = options.load(target);
            for (final String m : models) {
                final KernelModel km = ModelOption.parse(m.trim(), "--models");
                if (ms.contains(km)) {
                    throw new ScenarioException("--models: " + km.id() + " is named twice");
                }
                ms.add(km);
            }
            options.checkReport();
            if (repeat < 1 || repeat > 100) {
                throw new ScenarioException("--repeat: expected a whole number from 1 to 100, found " + repeat);
            }
            warm = RunOptions.duration(warmup, "--warmup", Duration.ZERO);
            costs = profile.load();
        } catch (ScenarioException e) {
            err.println("splicelab compare: " + e.getMessage());
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        final Map<KernelModel, List<RunReport>> rounds = new LinkedHashMap<>();
        ms.forEach(m -> rounds.put(m, new ArrayList<>()));
        Interrupts.watch();
        try {
            if (!warm.isZero()) {
                final Scenario w = RunOptions.override(scenario, warm, null);
                for (final KernelModel m : ms) {
                    if (Interrupts.requested() == null) {
                        out.printf("Warm-up: %s under %s for %s (not measured)%n", scenario.name(), m.id(),
                            org.splicelab.scenario.Durations.format(warm));
                        out.flush();
                        RunOptions.runWithProgress(w, m, err);
                    }
                }
            }
            for (int round = 0; round < repeat; round++) {
                for (int i = 0; i < ms.size() && Interrupts.requested() == null; i++) {
                    final KernelModel m = ms.get((i + round) % ms.size());
                    out.printf("Running %s under %s (seed %d)%s%n", scenario.name(), m.id(), scenario.seed(),
                        repeat > 1 ? ", round " + (round + 1) + " of " + repeat : "");
                    out.flush();
                    rounds.get(m).add(RunOptions.runWithProgress(scenario, m, err));
                }
            }
            final List<RunReport> reports = new ArrayList<>();
            for (final KernelModel m : ms) {
                if (rounds.get(m).isEmpty()) {
                    break;
                }
                reports.add(rounds.get(m).get(0));
            }
            final int code = summarize(reports, ms, out, err);
            if (!reports.isEmpty()) {
                out.print(timings(rounds));
                out.flush();
            }
            final boolean laterRoundsPassed = rounds.values().stream().flatMap(List::stream).allMatch(RunReport::passed);
            return code == SplicelabCommand.EXIT_OK && !laterRoundsPassed ? SplicelabCommand.EXIT_CHECK_FAILED : code;
        } catch (ScenarioException e) {
            err.println("splicelab compare: " + e.getMessage());
            return SplicelabCommand.EXIT_BAD_INPUT;
        } catch (IllegalStateException e) {
            err.println("splicelab compare: " + e.getMessage());
            return SplicelabCommand.EXIT_CHECK_FAILED;
        } finally {
            Interrupts.unwatch();
        }
    }

    /**
     * The timings of every measured round, per model: median and spread of the syscall rate, the bytes
     * moved per second and each syscall kind's p50/p99 latency. The counts in the table above are
     * round 1's.
     */
    private String timings(final Map<KernelModel, List<RunReport>> rounds) {
        final StringBuilder sb = new StringBuilder();
        final int n = rounds.values().stream().mapToInt(List::size).max().orElse(0);
        sb.append(String.format("Timings over %d round%s (median (min-max)%s), after a %s warm-up of each model, each"
            + " run's steady state (its first %s of ramp-up left out):%n",
            n, n == 1 ? "" : "s", n == 1 ? "; one round has no spread: --repeat N" : "",
            org.splicelab.scenario.Durations.format(warm), org.splicelab.scenario.Durations.format(
                java.time.Duration.ofMillis(Math.round(rounds.values().stream().flatMap(List::stream)
                    .mapToDouble(RunReport::steadyFrom).max().orElse(0) * 1000)))));
        final Map<String, Map<KernelModel, String>> cells = new LinkedHashMap<>();
        rounds.forEach((m, runs) -> {
            if (runs.isEmpty()) {
                return;
            }
            cell(cells, "syscalls/s", m, runs.stream().map(r -> r.steadyRate(RunReport.Sample::syscalls,
                r.totals().syscalls())).toList(), "%,.0f");
            cell(cells, "MiB/s moved", m, runs.stream().map(r -> r.steadyRate(s -> s.bytesByReference()
                + s.bytesCopied(), r.totals().bytesByReference() + r.totals().bytesCopied()) / (1 << 20)).toList(),
                "%,.1f");
            if (costs != null) {
                cell(cells, "est. kernel ms/GiB", m, runs.stream().map(r -> org.splicelab.report.KernelCost
                    .estimate(r, costs).nsPerGiB() / 1e6).toList(), "%,.1f");
            }
            for (final String kind : runs.get(0).latencies().keySet()) {
                final List<RunReport> with = runs.stream().filter(r -> r.latencies().containsKey(kind)).toList();
                cell(cells, kind + " p50 us", m, with.stream().map(r -> r.latencies().get(kind).p50()).toList(), "%,.0f");
                cell(cells, kind + " p99 us", m, with.stream().map(r -> r.latencies().get(kind).p99()).toList(), "%,.0f");
            }
        });
        final List<KernelModel> models = rounds.entrySet().stream().filter(e -> !e.getValue().isEmpty())
            .map(Map.Entry::getKey).toList();
        final int first = Math.max(12, cells.keySet().stream().mapToInt(String::length).max().orElse(0));
        final Map<KernelModel, Integer> widths = new LinkedHashMap<>();
        for (final KernelModel m : models) {
            widths.put(m, Math.max(m.id().length(), cells.values().stream()
                .mapToInt(c -> c.getOrDefault(m, "").length()).max().orElse(0)));
        }
        sb.append(String.format("  %-" + first + "s", ""));
        models.forEach(m -> sb.append(String.format("  %" + widths.get(m) + "s", m.id())));
        sb.append('\n');
        cells.forEach((label, row) -> {
            sb.append(String.format("  %-" + first + "s", label));
            models.forEach(m -> sb.append(String.format("  %" + widths.get(m) + "s", row.getOrDefault(m, "-"))));
            sb.append('\n');
        });
        sb.append("  Timings are this simulator's speed on this machine, not what a model would cost a kernel (that"
            + " is the kernel cost estimate above); the table's counts (bytes by reference and copied, steals,"
            + " refills) are exact tallies of round 1 (per GiB they follow from the model and the seed, not from"
            + " this machine's speed): how each model moves pages.\n");
        return sb.toString();
    }

    private static void cell(final Map<String, Map<KernelModel, String>> cells, final String label,
                             final KernelModel m, final List<Double> values, final String format) {
        if (!values.isEmpty()) {
            cells.computeIfAbsent(label, k -> new LinkedHashMap<>()).put(m, Spread.compact(values, format));
        }
    }

    /** The table of the runs that ran (the models an interruption left out named), then the report. */
    private int summarize(final List<RunReport> reports, final List<KernelModel> ms, final PrintWriter out,
                          final PrintWriter err) {
        if (reports.isEmpty()) {
            out.println("INTERRUPTED by " + Interrupts.requested() + " before any run");
            out.flush();
            return SplicelabCommand.EXIT_CHECK_FAILED;
        }
        out.print(SummaryTable.renderCompare(reports));
        out.print(costs != null ? org.splicelab.report.KernelCost.render(reports, costs)
            : org.splicelab.report.KernelCost.noProfile(profile.path().toString()));
        if (reports.size() < ms.size()) {
            out.println("INTERRUPTED by " + Interrupts.requested() + ": not run: " + String.join(", ", ms.subList(
                reports.size(), ms.size()).stream().map(KernelModel::id).toList()));
        }
        if (!options.writeReport(dir -> ReportWriter.writeCompare(reports, dir, costs), "compare", out, err)) {
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        out.flush();
        return reports.stream().allMatch(RunReport::passed) ? SplicelabCommand.EXIT_OK
            : SplicelabCommand.EXIT_CHECK_FAILED;
    }
}
