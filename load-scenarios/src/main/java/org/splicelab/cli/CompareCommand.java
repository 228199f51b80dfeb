package org.splicelab.cli;

import java.io.PrintWriter;
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
        + "model (and, with --report, one HTML page). Exit 0 when every run passed, 1 otherwise, 2 on bad input."})
public final class CompareCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SCENARIO|FILE", description = "built-in scenario name or scenario file")
    private String target;

    @Option(names = "--models", required = true, split = ",", paramLabel = "a,b,c",
        description = "models to compare, e.g. linux,private-pages,copy")
    private List<String> models;

    @Mixin
    private ScenarioOptions options;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

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
        } catch (ScenarioException e) {
            err.println("splicelab compare: " + e.getMessage());
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        final List<RunReport> reports = new ArrayList<>();
        Interrupts.watch();
        try {
            for (final KernelModel m : ms) {
                if (Interrupts.requested() != null) {
                    break;
                }
                out.printf("Running %s under %s (seed %d)%n", scenario.name(), m.id(), scenario.seed());
                out.flush();
                reports.add(RunOptions.runWithProgress(scenario, m, err));
            }
            return summarize(reports, ms, out, err);
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

    /** The table of the runs that ran (the models an interruption left out named), then the report. */
    private int summarize(final List<RunReport> reports, final List<KernelModel> ms, final PrintWriter out,
                          final PrintWriter err) {
        if (reports.isEmpty()) {
            out.println("INTERRUPTED by " + Interrupts.requested() + " before any run");
            out.flush();
            return SplicelabCommand.EXIT_CHECK_FAILED;
        }
        out.print(SummaryTable.renderCompare(reports));
        if (reports.size() < ms.size()) {
            out.println("INTERRUPTED by " + Interrupts.requested() + ": not run: " + String.join(", ", ms.subList(
                reports.size(), ms.size()).stream().map(KernelModel::id).toList()));
        }
        if (!options.writeReport(dir -> ReportWriter.writeCompare(reports, dir), "compare", out, err)) {
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        out.flush();
        return reports.stream().allMatch(RunReport::passed) ? SplicelabCommand.EXIT_OK
            : SplicelabCommand.EXIT_CHECK_FAILED;
    }
}
