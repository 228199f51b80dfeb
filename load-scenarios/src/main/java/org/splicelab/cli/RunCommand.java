package org.splicelab.cli;

import java.io.PrintWriter;
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
import picocli.CommandLine.Parameters;

/** {@code splicelab run}: a load run with live progress, a summary table and an optional report. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = SplicelabCommand.Version.class,
    description = {"Runs a load scenario (a built-in name or a HOCON file; default webserver-sendfile): live "
        + "progress, then a summary table. Exit 0 when every assertion held with no violation and no leak, "
        + "1 when one did not, 2 on bad input."})
public final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO|FILE",
        description = "built-in scenario name or scenario file (see `splicelab list`)")
    private String target;

    @Mixin
    private ModelOption model;

    @Mixin
    private ScenarioOptions options;

    @Mixin
    private ProfileOption profile;

    private org.splicelab.report.KernelProfile costs;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Scenario scenario;
        final KernelModel m;
        try {
            scenario = options.load(target);
            m = model.orElse(scenario.model());
            options.checkReport();
            costs = profile.load();
        } catch (ScenarioException e) {
            err.println("splicelab run: " + e.getMessage());
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        out.printf("Running %s under %s (seed %d, %s): %s%n", scenario.name(), m.id(), scenario.seed(),
            scenario.duration() != null ? scenario.duration().toMillis() / 1000.0 + " s"
                : scenario.iterations() + " iterations per process", scenario.description());
        out.flush();
        Interrupts.watch();
        try {
            return summarize(RunOptions.runWithProgress(scenario, m, err), out, err);
        } catch (ScenarioException e) {
            err.println("splicelab run: " + e.getMessage());
            return SplicelabCommand.EXIT_BAD_INPUT;
        } catch (IllegalStateException e) {
            err.println("splicelab run: " + e.getMessage());
            return SplicelabCommand.EXIT_CHECK_FAILED;
        } finally {
            Interrupts.unwatch();
        }
    }

    /** The summary table, always; then the report when asked for. */
    private int summarize(final RunReport r, final PrintWriter out, final PrintWriter err) {
        out.print(SummaryTable.render(r));
        out.print(costs != null ? org.splicelab.report.KernelCost.render(java.util.List.of(r), costs)
            : org.splicelab.report.KernelCost.noProfile(profile.path().toString()));
        if (!options.writeReport(dir -> ReportWriter.write(r, dir, costs), "run", out, err)) {
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        out.flush();
        return r.passed() ? SplicelabCommand.EXIT_OK : SplicelabCommand.EXIT_CHECK_FAILED;
    }
}
