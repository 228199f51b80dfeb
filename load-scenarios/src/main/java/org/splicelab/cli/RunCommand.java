package org.splicelab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.splicelab.protocols.KernelModel;
import org.splicelab.report.ReportWriter;
import org.splicelab.report.RunReport;
import org.splicelab.report.SummaryTable;
import org.splicelab.scenario.Scenario;
import org.splicelab.scenario.ScenarioException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
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

    @Option(names = "--model", paramLabel = "M", description = "kernel model (default: the scenario's)")
    private String model;

    @Option(names = "--duration", paramLabel = "D", description = "run length, e.g. 10s, 2m (default: the scenario's)")
    private String duration;

    @Option(names = "--seed", paramLabel = "S", description = "seed (default: the scenario's)")
    private Long seed;

    @Option(names = "--report", paramLabel = "DIR", description = "write DIR/report.json and DIR/report.html")
    private Path report;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Scenario scenario;
        final KernelModel m;
        try {
            scenario = RunOptions.load(target, duration, seed);
            m = model == null ? scenario.model() : RunOptions.model(model, "--model");
            if (report != null) {
                OutputPaths.checkDirectory(report, "--report", "to write report.json and report.html in");
            }
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
        if (report != null) {
            try {
                ReportWriter.write(r, report);
                out.println("Report: " + report.resolve(ReportWriter.JSON_FILE) + ", "
                    + report.resolve(ReportWriter.HTML_FILE));
            } catch (IOException e) {
                err.println("splicelab run: --report " + report + ": cannot write the report: " + OutputPaths.reason(e));
                return SplicelabCommand.EXIT_BAD_INPUT;
            }
        }
        out.flush();
        return r.passed() ? SplicelabCommand.EXIT_OK : SplicelabCommand.EXIT_CHECK_FAILED;
    }
}
